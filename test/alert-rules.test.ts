import fs from 'node:fs';
import path from 'node:path';
import { parser } from '@prometheus-io/lezer-promql';
import type { Registry } from 'prom-client';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import type { Database } from '../db/connection';
import { projectRoot } from '../runtime/paths';
import { createProcessMetrics, registerApplicationMetrics, startAuditChainCheck } from '../runtime/metrics';

interface Rule {
  alert?: string;
  expr?: string;
  for?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

/** Series Prometheus makes itself for every scrape target. */
const prometheusSeries: Record<string, string[]> = { up: ['job', 'instance'] };

/** Every series the API and the worker export, with its labels (histograms with their _bucket/_sum/_count). */
function exportedSeries(): Map<string, Set<string>> {
  const metrics = createProcessMetrics();
  // The collectors never run here: only names and labels are read.
  registerApplicationMetrics(metrics, {
    db: {} as Database,
    taskQueue: 'q',
    workerStaleAfterMs: 1,
    filingRetryHorizonMs: 1,
    decisionDeadlineMs: 1
  });
  const registry: Registry = metrics.registry;
  const series = new Map<string, Set<string>>();
  for (const metric of registry.getMetricsAsArray()) {
    const { name, labelNames } = metric as unknown as { name: string; labelNames: string[] };
    const type = (metric as unknown as { type: string }).type;
    const names = type === 'histogram' ? [`${name}_bucket`, `${name}_sum`, `${name}_count`] : [name];
    for (const each of names) series.set(each, new Set([...labelNames, ...(each.endsWith('_bucket') ? ['le'] : [])]));
  }
  metrics.close();
  return series;
}

function auditSeries(): string[] {
  const metrics = createProcessMetrics();
  const stop = startAuditChainCheck(metrics, {
    verify: () => Promise.resolve({ valid: true, checked: 0 }),
    intervalMs: 3_600_000,
    logger: { warn: () => undefined, error: () => undefined }
  });
  stop();
  const names = metrics.registry.getMetricsAsArray().map(metric => (metric as unknown as { name: string }).name);
  metrics.close();
  return names.filter(name => name.startsWith('audit_'));
}

const rulesFile = path.join(projectRoot, 'docker/prometheus/alerts.yml');
const rules = (
  parse(fs.readFileSync(rulesFile, 'utf8')) as { groups: { name: string; rules: Rule[] }[] }
).groups.flatMap(group => group.rules);

describe('the Prometheus alert rules', () => {
  const series = exportedSeries();
  for (const name of auditSeries()) series.set(name, new Set());
  for (const [name, labels] of Object.entries(prometheusSeries)) series.set(name, new Set(labels));

  it('cover a stuck filing, a failing bureau, a refused sign-in, no worker and a broken audit chain', () => {
    expect(rules.map(rule => rule.alert)).toEqual(
      expect.arrayContaining(['FilingStuck', 'YibaoFailing', 'YibaoSignInRefused', 'NoWorker', 'AuditChainBroken'])
    );
  });

  it.each(rules.map(rule => [rule.alert ?? '(unnamed)', rule] as const))(
    '%s parses as PromQL and names only exported series and their labels',
    (_name, rule) => {
      expect(rule.expr).toBeTruthy();
      expect(rule.labels?.severity).toMatch(/^(critical|warning)$/);
      expect(rule.annotations?.summary).toBeTruthy();
      if (rule.for) expect(rule.for).toMatch(/^\d+[smhd]$/);
      const expr = rule.expr ?? '';
      const tree = parser.parse(expr);
      const errors: string[] = [];
      const selectors: { metric: string; labels: string[] }[] = [];
      tree.iterate({
        enter: node => {
          if (node.type.isError) errors.push(`syntax error at ${node.from}: ${expr.slice(node.from, node.from + 20)}`);
          if (node.name === 'VectorSelector') {
            const identifier = node.node.getChild('Identifier');
            const matchers = node.node.getChild('LabelMatchers');
            const labels = matchers
              ? matchers
                  .getChildren('UnquotedLabelMatcher')
                  .map(matcher => expr.slice(matcher.firstChild!.from, matcher.firstChild!.to))
              : [];
            if (identifier) selectors.push({ metric: expr.slice(identifier.from, identifier.to), labels });
          }
        }
      });
      expect(errors).toEqual([]);
      expect(selectors.length).toBeGreaterThan(0);
      for (const selector of selectors) {
        expect(series.has(selector.metric), `${selector.metric} is exported`).toBe(true);
        for (const label of selector.labels) {
          expect(series.get(selector.metric)?.has(label), `${selector.metric} has the label ${label}`).toBe(true);
        }
      }
    }
  );
});
