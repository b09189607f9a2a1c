import { unzipSync } from 'fflate';
import { z } from 'zod';
import { C } from '../fields';
import { dataRowTransaction } from './definition';

/**
 * 【9102】文件下载: the platform answers with a ZIP stream instead of an envelope (an envelope only on failure).
 * For 13xx files the spec conflicts on which field is "plc"; common practice sends fixmedins_code "plc".
 */
export const fileDownload9102 = dataRowTransaction({
  infno: '9102',
  name: '文件下载',
  stateChanging: false,
  node: 'fsDownloadIn',
  table: {
    fileQuryNo: C('file_qury_no', '文件查询号', 30, true),
    filename: C('filename', '文件名', 200, true),
    fixmedinsCode: C('fixmedins_code', '医药机构编号', 30, true)
  },
  /** The ZIP's bytes; the client hands a binary answer to this schema instead of an envelope's output. */
  output: z.instanceof(Uint8Array)
});

/** The 16 columns of the 1309 TXT file, in order. */
export const diseaseCatalogueColumns = [
  'opspDiseCode',
  'opspDiseMajclsName',
  'opspDiseSubdClssName',
  'admdvs',
  'memo',
  'valiFlag',
  'rid',
  'crteTime',
  'updtTime',
  'ver',
  'diseCont',
  'verName',
  'trtGuidePagen',
  'trtGuideElecAcs',
  'opspDiseName',
  'opspDiseMajclsCode'
] as const;

export type DiseaseCatalogueEntry = Partial<Record<(typeof diseaseCatalogueColumns)[number], string>> & {
  opspDiseCode: string;
  opspDiseName: string;
};

export class CatalogueFileError extends Error {
  readonly code = 'YIBAO_CATALOGUE_FILE';
}

/** Unzips a 9102 file and reads its TAB-separated UTF-8 text; `null` in the text is an empty value. */
export function parseDiseaseCatalogueZip(zip: Uint8Array): DiseaseCatalogueEntry[] {
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(zip);
  } catch (error) {
    throw new CatalogueFileError('目录文件不是有效的ZIP', { cause: error });
  }
  const entries: DiseaseCatalogueEntry[] = [];
  for (const [name, bytes] of Object.entries(files)) {
    if (name.endsWith('/')) continue;
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, '');
    for (const [index, line] of text.split(/\r?\n/).entries()) {
      if (line.trim() === '') continue;
      const cells = line.split('\t');
      if (cells.length !== diseaseCatalogueColumns.length) {
        throw new CatalogueFileError(
          `${name}第${index + 1}行应有${diseaseCatalogueColumns.length}列，实际${cells.length}列`
        );
      }
      const entry: Record<string, string> = {};
      diseaseCatalogueColumns.forEach((column, position) => {
        const cell = cells[position] ?? '';
        if (cell !== 'null' && cell !== '') entry[column] = cell;
      });
      if (!entry.opspDiseCode || !entry.opspDiseName) {
        throw new CatalogueFileError(`${name}第${index + 1}行缺少病种代码或名称`);
      }
      entries.push(entry as DiseaseCatalogueEntry);
    }
  }
  return entries;
}
