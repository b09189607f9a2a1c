export interface PackageSizes {
  mainBytes: number;
  subPackages: { root: string; bytes: number }[];
  totalBytes: number;
}
export const limits: { mainBytes: number; subPackageBytes: number; totalBytes: number };
export function measurePackage(buildDir: string): PackageSizes;
export function sizeProblems(sizes: PackageSizes): string[];
