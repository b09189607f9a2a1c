/** Types of the parts of sm-crypto@0.5 (a test-only oracle) that the tests use; @types/sm-crypto describes 0.3. */
declare module 'sm-crypto' {
  interface SignOptions {
    hash?: boolean;
    der?: boolean;
    userId?: string;
    publicKey?: string;
  }
  const smCrypto: {
    sm2: {
      generateKeyPairHex(): { privateKey: string; publicKey: string };
      getPublicKeyFromPrivateKey(privateKey: string): string;
      doSignature(message: string, privateKey: string, options?: SignOptions): string;
      doVerifySignature(message: string, signature: string, publicKey: string, options?: SignOptions): boolean;
    };
    sm3(message: string, options?: { key: string }): string;
    sm4: {
      encrypt(data: string, key: string, options?: { mode?: 'cbc' | 'ecb'; iv?: string }): string;
      decrypt(data: string, key: string, options?: { mode?: 'cbc' | 'ecb'; iv?: string }): string;
    };
  };
  export default smCrypto;
}
