/**
 * The simulated bureau's business rules, one handler per infno. Inputs have already passed the envelope,
 * signature, sign-in and field checks; a handler answers with an output, a file, or a Chinese err_msg.
 * Longer than 400 lines: one short handler per transaction, side by side as the platform's spec lists them.
 */
import { zipSync, strToU8 } from 'fflate';
import { ageAt } from '../../domain/id-number';
import { formatCompactTime, formatDate, formatDateTime } from '../time';
import { reversibleInfnos } from '../transactions/2601-reversal';
import { dualChannelAppyType } from '../transactions/2511-dual-channel-filing';
import { acceptsInsuplc, answeredAdmdvs, type SimulatorAssumptions } from './assumptions';
import { chronicDrugs, diseaseCatalogue, dualChannelDrugs, type SimPerson } from './data';
import type { SimFiling, SimulatorState } from './state';

export type HandlerResult = { output: unknown } | { error: string } | { file: Uint8Array };

export interface HandlerContext {
  state: SimulatorState;
  infno: string;
  msgid: string;
  /** The envelope's opter, to which a sign_no is bound. */
  opter: string;
  /** The decrypted wire input. */
  input: Record<string, unknown>;
  now: Date;
  /** The simulator's own 医保区划, the prefix of the serial numbers it hands out. */
  admdvs: string;
  fixmedinsCode: string;
  assumptions: SimulatorAssumptions;
}

type Row = Record<string, unknown>;

function row(input: Record<string, unknown>, node = 'data'): Row {
  return (input[node] ?? {}) as Row;
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '';
}

function serialNumber(context: HandlerContext, prefix: string): string {
  return `${prefix}${context.admdvs}${formatCompactTime(context.now)}${String(context.state.nextSerial()).padStart(6, '0')}`;
}

function personRows(person: SimPerson, now: Date, assumptions: SimulatorAssumptions) {
  return {
    baseinfo: {
      psn_no: person.psnNo,
      psn_cert_type: '01',
      certno: person.certno,
      psn_name: person.name,
      gend: person.gend,
      naty: person.naty,
      brdy: person.brdy,
      age: ageAt(person.brdy, formatDate(now)),
      expContent: null
    },
    insuinfo: [
      {
        balc: person.balance,
        insutype: person.insutype,
        psn_type: person.psnType,
        psn_insu_stas: '1',
        psn_insu_date: `${Math.max(Number(person.brdy.slice(0, 4)), 2000)}-01-01`,
        paus_insu_date: null,
        cvlserv_flag: '0',
        insuplc_admdvs: answeredAdmdvs(person.insuplcAdmdvs, assumptions),
        emp_name: person.empName ?? null
      }
    ],
    idetinfo:
      ageAt(person.brdy, formatDate(now)) >= 70
        ? [{ psn_idet_type: '07', psn_type_lv: null, memo: null, begntime: '2020-01-01 00:00:00', endtime: null }]
        : []
  };
}

const validNow = (filing: SimFiling, today: string) =>
  filing.begndate <= today && (filing.enddate === undefined || filing.enddate === '' || filing.enddate >= today);

const catalogueVersionBase = '20240101000001';
const catalogueVersionUpdate = '20250601000002';

function catalogueFile(ver: string): { name: string; text: string; count: number } {
  const lines = diseaseCatalogue
    .map((disease, index) => ({
      disease,
      index,
      version: index % 5 === 0 ? catalogueVersionUpdate : catalogueVersionBase
    }))
    .filter(entry => entry.version > ver)
    .map(({ disease, index, version }) =>
      [
        disease.code,
        disease.majorName,
        disease.name === disease.majorName ? 'null' : disease.name,
        '360000',
        'null',
        '1',
        `36000020240101${String(index + 1).padStart(6, '0')}`,
        '2024-01-01 00:00:00',
        version === catalogueVersionUpdate ? '2025-06-01 00:00:00' : '2024-01-01 00:00:00',
        version,
        'null',
        version === catalogueVersionUpdate
          ? '江西省门诊慢特病病种目录(2025年调整)'
          : '江西省门诊慢特病病种目录(2024年版)',
        'null',
        'null',
        disease.name,
        disease.majorCode
      ].join('\t')
    );
  return { name: 'opsp_dise_list.txt', text: lines.join('\n'), count: lines.length };
}

function medicationRecords(person: SimPerson, personIndex: number, from: Date, to: Date, fixmedinsCode: string) {
  if (personIndex % 3 !== 0) return [];
  const drug = chronicDrugs[personIndex % chronicDrugs.length];
  if (!drug) return [];
  const records: Row[] = [];
  const end = new Date(to.getTime());
  for (let monthsBack = 0; monthsBack < 12; monthsBack += 1) {
    const day = new Date(Date.UTC(end.getUTCFullYear(), end.getUTCMonth() - monthsBack, 10, 1, 30, 0));
    if (day < from || day > to) continue;
    records.push({
      feedetl_sn: `${formatCompactTime(day)}${String(personIndex).padStart(4, '0')}01`,
      rx_drord_no: `RX${formatCompactTime(day)}${personIndex}`,
      fixmedins_code: fixmedinsCode,
      fixmedins_name: '江西中医药大学附属医院',
      psn_no: person.psnNo,
      med_type: '14',
      fee_ocur_time: formatDateTime(day),
      cnt: 2,
      pric: drug.price,
      chrgitm_lv: '1',
      hilist_code: drug.code,
      hilist_name: drug.name,
      list_type: '101',
      med_list_codg: drug.code,
      medins_list_codg: `YP${drug.code.slice(1, 9)}`,
      medins_list_name: drug.name,
      med_chrgitm_type: '09',
      prodname: drug.name,
      spec: drug.spec,
      dosform_name: drug.name.endsWith('片') ? '片剂' : '其他',
      lmt_used_flag: '0',
      hosp_prep_flag: '0',
      hosp_appr_flag: '0',
      tcmdrug_used_way: null,
      prodplac_type: null,
      bas_medn_flag: '1',
      hi_nego_drug_flag: '0',
      chld_medc_flag: '0',
      etip_flag: '0',
      etip_hosp_code: null,
      dscg_tkdrug_flag: '0',
      list_sp_item_flag: '0',
      matn_fee_flag: null
    });
  }
  return records;
}

const dictionaries: Record<string, [string, string][]> = {
  psn_cert_type: [
    ['01', '居民身份证（户口簿）'],
    ['02', '中国人民解放军军官证'],
    ['06', '港澳台居民来往内地通行证'],
    ['90', '社会保障卡'],
    ['99', '其他身份证件']
  ],
  insutype: [
    ['310', '职工基本医疗保险'],
    ['390', '城乡居民基本医疗保险'],
    ['392', '城乡居民大病医疗保险']
  ],
  gend: [
    ['1', '男'],
    ['2', '女'],
    ['9', '未说明性别']
  ],
  chk_stas: [
    ['0', '待审核'],
    ['1', '审核通过'],
    ['2', '审核不通过']
  ],
  med_type: [
    ['14', '门诊慢特病'],
    ['18', '特药购药']
  ]
};

export const handlers: Record<string, (context: HandlerContext) => HandlerResult> = {
  // No rule ties signIn.opter_no to the envelope's opter: the Jilin client sends its user id as opter and the
  // operator code as opter_no. The sign_no is the envelope opter's, the same on each of its terminals.
  '9001': ({ state, input, opter, now, admdvs }) => {
    const data = row(input, 'signIn');
    const day = formatDate(now);
    const existing = [...state.signIns.values()].find(
      signIn => signIn.opter === opter && signIn.day === day && signIn.valid
    );
    const signNo =
      existing?.signNo ?? `${admdvs}${formatCompactTime(now)}${String(state.nextSerial()).padStart(10, '0')}`;
    if (!existing) state.signIns.set(signNo, { signNo, opter, opterNo: text(data.opter_no), day, valid: true });
    return { output: { signinoutb: { sign_time: formatDateTime(now), sign_no: signNo } } };
  },

  '9002': ({ state, input, opter, now }) => {
    const data = row(input, 'signOut');
    const signIn = state.signIns.get(text(data.sign_no));
    if (!signIn?.valid || signIn.opter !== opter) return { error: '签到信息不存在或已签退' };
    if (signIn.opterNo !== text(data.opter_no)) return { error: '签退操作员编号与签到时的操作员编号不一致' };
    // One operator on several terminals shares the sign_no, so all of them are signed out together.
    signIn.valid = false;
    return { output: { signoutoutb: { sign_time: formatDateTime(now) } } };
  },

  '1101': ({ state, input, now, assumptions }) => {
    const data = row(input);
    const type = text(data.mdtrt_cert_type);
    const number = text(data.mdtrt_cert_no);
    let person: SimPerson | undefined;
    if (type === '01') person = state.persons.find(candidate => candidate.ecToken === number);
    else if (type === '02') person = state.persons.find(candidate => candidate.certno === number.toUpperCase());
    else if (type === '03') {
      person = state.persons.find(candidate => candidate.cardNo === number);
      if (person && person.cardSn !== text(data.card_sn)) return { error: '卡识别码与社会保障卡号不匹配' };
    } else return { error: '就诊凭证类型不正确' };
    if (!person) return { error: '本地查询错误:该参保人的基本信息为空' };
    return { output: personRows(person, now, assumptions) };
  },

  '1309': ({ state, input, now }) => {
    const ver = text(row(input).ver);
    const file = catalogueFile(ver);
    const fileQuryNo = `FQ${formatCompactTime(now)}${String(state.nextSerial()).padStart(8, '0')}`;
    const filename = `plc_1309_${formatCompactTime(now)}.zip`;
    state.files.set(fileQuryNo, {
      filename,
      zip: zipSync({ [file.name]: strToU8(file.text) }),
      expiresAt: now.getTime() + 2 * 86_400_000
    });
    return {
      output: {
        file_qury_no: fileQuryNo,
        filename,
        dld_end_time: formatDate(new Date(now.getTime() + 86_400_000)),
        data_cnt: file.count
      }
    };
  },

  '9102': ({ state, input, fixmedinsCode }) => {
    const data = row(input, 'fsDownloadIn');
    const file = state.files.get(text(data.file_qury_no));
    if (!file || file.filename !== text(data.filename)) return { error: '文件查询号不存在或文件已过期' };
    if (!['plc', fixmedinsCode].includes(text(data.fixmedins_code))) return { error: '医药机构编号不正确' };
    return { file: file.zip };
  },

  '2503': context => {
    const { state, input, now } = context;
    const data = row(input);
    const person = state.person(text(data.psn_no));
    if (!person) return { error: `人员编号[${text(data.psn_no)}]不存在` };
    if (text(data.insutype) !== person.insutype) return { error: '险种类型与人员参保险种不一致' };
    if (!acceptsInsuplc(text(data.insu_optins), person.insuplcAdmdvs, context.assumptions)) {
      return { error: '参保机构医保区划与人员参保地不一致' };
    }
    const disease = diseaseCatalogue.find(entry => entry.code === text(data.opsp_dise_code));
    if (!disease) return { error: `门慢门特病种目录代码[${text(data.opsp_dise_code)}]不存在` };
    if (disease.name !== text(data.opsp_dise_name)) return { error: '门慢门特病种名称与病种代码不匹配' };
    const today = formatDate(now);
    if (text(data.hosp_ide_date) > today) return { error: '医院鉴定日期不能晚于当前日期' };
    if (text(data.enddate) !== '' && text(data.enddate) < text(data.begndate))
      return { error: '开始日期不能晚于结束日期' };
    const duplicate = [...state.filings.values()].some(
      filing =>
        filing.kind === 'chronic' &&
        filing.psnNo === person.psnNo &&
        filing.chronic?.opspDiseCode === disease.code &&
        (filing.status === 'pending' || (filing.status === 'approved' && validNow(filing, today)))
    );
    if (duplicate) return { error: `该人员已存在病种[${disease.code}]的有效或待审核备案，不能重复备案` };
    const sn = serialNumber(context, '');
    state.addFiling({
      kind: 'chronic',
      sn,
      psnNo: person.psnNo,
      status: 'pending',
      createdAt: now,
      decidedAt: undefined,
      msgid: context.msgid,
      begndate: text(data.begndate),
      enddate: text(data.enddate) || undefined,
      chronic: { opspDiseCode: disease.code, opspDiseName: disease.name }
    });
    return { output: { result: { trt_dcla_detl_sn: sn } } };
  },

  '2504': ({ state, input }) => {
    const data = row(input);
    const filing = state.filings.get(text(data.trt_dcla_detl_sn));
    if (!filing || filing.kind !== 'chronic') return { error: '待遇申报明细流水号不存在' };
    if (filing.psnNo !== text(data.psn_no)) return { error: '待遇申报明细流水号与人员编号不匹配' };
    if (filing.status === 'revoked') return { error: '该备案已撤销' };
    if (filing.status !== 'pending') return { error: '该备案医保经办机构已审核，不能撤销' };
    filing.status = 'revoked';
    return { output: {} };
  },

  '5301': ({ state, input, now }) => {
    const psnNo = text(row(input).psn_no);
    if (!state.person(psnNo)) return { error: `人员编号[${psnNo}]不存在` };
    const today = formatDate(now);
    const feedetail = [...state.filings.values()]
      .filter(f => f.kind === 'chronic' && f.psnNo === psnNo && f.status === 'approved' && validNow(f, today))
      .map(f => ({
        opsp_dise_code: f.chronic?.opspDiseCode,
        opsp_dise_name: f.chronic?.opspDiseName,
        begndate: f.begndate,
        enddate: f.enddate ?? null
      }));
    return { output: { feedetail } };
  },

  '5205': ({ state, input, fixmedinsCode, now }) => {
    const data = row(input);
    const index = state.persons.findIndex(person => person.psnNo === text(data.psn_no));
    const person = state.persons[index];
    if (!person) return { error: `人员编号[${text(data.psn_no)}]不存在` };
    const from = new Date(`${text(data.begntime).replace(' ', 'T')}+08:00`);
    const to = text(data.endtime) ? new Date(`${text(data.endtime).replace(' ', 'T')}+08:00`) : now;
    return { output: { feedetail: medicationRecords(person, index, from, to, fixmedinsCode) } };
  },

  '2511': context => {
    const { state, input, now } = context;
    const data = row(input);
    const drugs = (input.twopathdruglist ?? []) as Row[];
    const institutions = (input.twopathfixmedins ?? []) as Row[];
    if (text(data.appy_type) !== dualChannelAppyType) return { error: '申请类型必须为32（双通道备案）' };
    const person = state.person(text(data.psn_no));
    if (!person) return { error: `人员编号[${text(data.psn_no)}]不存在` };
    if (text(data.certno).toUpperCase() !== person.certno || text(data.psn_name) !== person.name) {
      return { error: '人员姓名或证件号码与参保信息不一致' };
    }
    if (text(data.begndate) > text(data.enddate)) return { error: '开始日期不能晚于结束日期' };
    for (const drug of drugs) {
      if (!dualChannelDrugs.some(known => known.code === text(drug.med_list_codg))) {
        return { error: `药品[${text(drug.med_list_codg)}]不在双通道药品目录内` };
      }
    }
    const codes = new Set(drugs.map(drug => text(drug.med_list_codg)));
    const duplicate = [...state.filings.values()].some(
      filing =>
        filing.kind === 'dual-channel' &&
        filing.psnNo === person.psnNo &&
        (filing.status === 'pending' || filing.status === 'approved') &&
        filing.begndate <= text(data.enddate) &&
        (filing.enddate ?? '9999-12-31') >= text(data.begndate) &&
        (filing.dualChannel?.drugs ?? []).some(drug => codes.has(text(drug.med_list_codg)))
    );
    if (duplicate) return { error: '该人员已存在相同药品的有效或待审核双通道备案，不能重复备案' };
    const sn = serialNumber(context, 'SYT');
    state.addFiling({
      kind: 'dual-channel',
      sn,
      psnNo: person.psnNo,
      status: 'pending',
      createdAt: now,
      decidedAt: undefined,
      msgid: context.msgid,
      begndate: text(data.begndate),
      enddate: text(data.enddate),
      dualChannel: { data, drugs, institutions }
    });
    return { output: { result: { two_path_reg_sn: sn } } };
  },

  '5311': ({ state, input }) => {
    const data = row(input);
    const psnNo = text(data.psn_no);
    if (!state.person(psnNo)) return { error: `人员编号[${psnNo}]不存在` };
    if (text(data.begndate) > text(data.enddate)) return { error: '开始日期不能晚于结束日期' };
    const result = [...state.filings.values()]
      .filter(
        f =>
          f.kind === 'dual-channel' &&
          f.psnNo === psnNo &&
          f.status === 'approved' &&
          f.begndate <= text(data.enddate) &&
          (f.enddate ?? '9999-12-31') >= text(data.begndate)
      )
      .map(f => ({
        ...f.dualChannel?.data,
        twopathdruglist: f.dualChannel?.drugs ?? [],
        twopathfixmedins: f.dualChannel?.institutions ?? []
      }));
    return { output: { result } };
  },

  '2512': ({ state, input }) => {
    const list = (row(input).two_path_reg_sn_list ?? []) as string[];
    for (const sn of list) {
      const filing = state.filings.get(sn);
      if (!filing || filing.kind !== 'dual-channel') return { error: `业务申请号[${sn}]不存在` };
      if (filing.status === 'revoked') return { error: `业务申请号[${sn}]已撤销` };
      if (filing.status !== 'pending') return { error: `业务申请号[${sn}]医保经办机构已审核，不能撤销` };
    }
    for (const sn of list) {
      const filing = state.filings.get(sn);
      if (filing) filing.status = 'revoked';
    }
    return { output: {} };
  },

  '2601': ({ state, input }) => {
    const data = row(input);
    const oinfno = text(data.oinfno);
    if (!reversibleInfnos.includes(oinfno)) return { error: `原交易[${oinfno}]不支持冲正` };
    const original = state.msgids.get(text(data.omsgid));
    // A reversal after a lost answer may name a request that never arrived: nothing to undo is success.
    if (original !== undefined && original.infno !== oinfno) return { error: '原交易编号与原发送方报文ID不匹配' };
    return { output: {} };
  },

  '1901': ({ input }) => {
    const data = row(input);
    const type = text(data.type);
    const list = (dictionaries[type] ?? []).map(([value, label], index) => ({
      type,
      label,
      value,
      parentValue: text(data.parentValue),
      sort: index + 1,
      valiFlag: '1',
      createUser: 'admin',
      createDate: '2020-06-01 00:00:00',
      version: '1'
    }));
    return { output: { list } };
  }
};
