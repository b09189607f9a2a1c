export * from './runtime';
export * from './people';
export * from './applications';
export * from './yibao';
export * from './catalogues';
export * from './security';
export * from './dual-channel';
export * from './attachments';
