/**
 * Which department's doctors review a chronic-disease application, by the disease's major class (the
 * first four characters of the national M code). Unlisted classes go to the hospital's 医保办 queue.
 */
const departmentByMajorClass: Record<string, string> = {
  M001: '感染科',
  M002: '感染科',
  M003: '感染科',
  M005: '肿瘤科',
  M010: '肿瘤科',
  M011: '血液科',
  M012: '血液科',
  M016: '内分泌科',
  M019: '内分泌科',
  M021: '精神心理科',
  M023: '神经内科',
  M025: '神经内科',
  M029: '神经内科',
  M037: '眼科',
  M039: '心血管内科',
  M040: '心血管内科',
  M043: '心血管内科',
  M046: '心血管内科',
  M048: '神经内科',
  M053: '呼吸内科',
  M054: '呼吸内科',
  M060: '脾胃病科',
  M062: '脾胃病科',
  M065: '脾胃病科',
  M067: '皮肤科',
  M069: '风湿免疫科',
  M071: '风湿免疫科',
  M072: '风湿免疫科',
  M078: '肾病科',
  M083: '肾病科'
};

export const defaultReviewDepartment = '医保办';

export function reviewDepartmentFor(diseaseCode: string): string {
  return departmentByMajorClass[diseaseCode.slice(0, 4)] ?? defaultReviewDepartment;
}

/** Every department that reviews chronic applications, for the console's filters. */
export const reviewDepartments: readonly string[] = [
  ...new Set([...Object.values(departmentByMajorClass), defaultReviewDepartment])
];
