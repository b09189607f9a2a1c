import { z } from 'zod';

const isoDatePattern = /^\d{4}-\d{2}-\d{2}$/;

/** A real calendar date written `yyyy-MM-dd`, the platform's 日期型. */
export const isoDateSchema = z
  .string()
  .regex(isoDatePattern, '日期格式应为 yyyy-MM-dd')
  .refine(value => {
    const date = new Date(`${value}T00:00:00Z`);
    return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
  }, '日期不存在');
