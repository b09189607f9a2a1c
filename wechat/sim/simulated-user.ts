import { sm3 } from '../../crypto/gm';

/** Each `wx.login` code of the simulators stands for one WeChat user: the same code always gives the same openid. */
export function simulatedOpenid(code: string): string {
  return `sim_${sm3(`wechat-sim\u0000${code}`).toString('base64url').slice(0, 24)}`;
}

/** The code the simulators refuse, as WeChat refuses an expired or forged one. */
export const refusedWechatCode = 'invalid';
