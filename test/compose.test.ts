import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../runtime/paths';

interface Service {
  image?: string;
  build?: unknown;
  command?: string[] | string;
  entrypoint?: string[];
  environment?: Record<string, string | number>;
  env_file?: string[];
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
  volumes?: string[];
  secrets?: string[];
  restart?: string;
}

const composeFile = path.join(projectRoot, 'docker/compose.yaml');
const composeText = fs.readFileSync(composeFile, 'utf8');
// `merge` resolves the `<<: *app` keys as Docker Compose does.
const compose = parse(composeText, { merge: true }) as {
  services: Record<string, Service>;
  volumes: Record<string, unknown>;
  secrets: Record<string, { file: string }>;
};
const services = compose.services;
const script = (service: Service) => [service.entrypoint ?? [], service.command ?? []].flat().join('\n');

describe('docker/compose.yaml', () => {
  it('runs Temporal as temporalio/server with one-shot admin-tools jobs, and no auto-setup image', () => {
    expect(services.temporal?.image).toMatch(/^temporalio\/server:\d+\.\d+\.\d+$/);
    expect(services['temporal-schema']?.image).toMatch(/^temporalio\/admin-tools:/);
    expect(services['temporal-setup']?.image).toMatch(/^temporalio\/admin-tools:/);
    expect(composeText).not.toContain('auto-setup');
    for (const job of ['temporal-schema', 'temporal-setup']) expect(services[job]?.restart).toBe('no');

    const schema = script(services['temporal-schema']!);
    for (const database of ['temporal', 'temporal_visibility']) {
      expect(schema).toContain(`--db ${database} setup-schema`);
      expect(schema).toContain(`--db ${database} update-schema`);
    }
    const setup = script(services['temporal-setup']!);
    expect(setup).toContain('namespace create --namespace default');
    expect(setup).toContain('for attribute in ApplicationNo ApplicationKind FilingStatus');
    expect(setup).toContain('--type Keyword');
  });

  it('starts each part only after what it needs is healthy or done', () => {
    expect(services['temporal-schema']?.depends_on?.postgres?.condition).toBe('service_healthy');
    expect(services.temporal?.depends_on?.['temporal-schema']?.condition).toBe('service_completed_successfully');
    expect(services['temporal-setup']?.depends_on?.temporal?.condition).toBe('service_healthy');
    for (const name of ['api', 'worker']) {
      expect(services[name]?.depends_on?.postgres?.condition).toBe('service_healthy');
      expect(services[name]?.depends_on?.['temporal-setup']?.condition).toBe('service_completed_successfully');
    }
  });

  it('gives the database, Temporal, the API and the worker health checks', () => {
    for (const name of ['postgres', 'temporal', 'api', 'worker']) {
      expect(services[name]?.healthcheck?.test.length, name).toBeGreaterThan(1);
    }
    expect(services.api?.healthcheck?.test.join(' ')).toContain('/healthz');
    expect(services.worker?.healthcheck?.test.join(' ')).toContain('9464/metrics');
  });

  it('keeps data in declared volumes', () => {
    expect(services.postgres?.volumes).toContain('postgres-data:/var/lib/postgresql/data');
    expect(services.prometheus?.volumes).toContain('prometheus-data:/prometheus');
    const named = Object.values(services)
      .flatMap(service => service.volumes ?? [])
      .map(volume => volume.split(':')[0] ?? '')
      .filter(source => !source.startsWith('.'));
    for (const volume of named) expect(Object.keys(compose.volumes)).toContain(volume);
    for (const file of Object.values(services)
      .flatMap(service => service.volumes ?? [])
      .map(volume => volume.split(':')[0] ?? '')) {
      if (file.startsWith('.')) expect(fs.existsSync(path.join(projectRoot, 'docker', file)), file).toBe(true);
    }
  });

  it('refuses to start without the required variables, and runs the app in production from docker/.env', () => {
    const required = [...composeText.matchAll(/\$\{(\w+):\?[^}]*\}/g)].map(match => match[1]);
    expect(new Set(required)).toEqual(new Set(['POSTGRES_PASSWORD', 'METRICS_TOKEN']));
    // Nothing else is substituted silently with an empty value.
    expect([...composeText.matchAll(/\$\{(\w+)\}/g)]).toEqual([]);
    for (const name of ['api', 'worker']) {
      expect(services[name]?.env_file).toEqual(['.env']);
      expect(services[name]?.environment?.APP_ENV).toBe('production');
      expect(String(services[name]?.environment?.DATABASE_URL)).toContain('@postgres:5432/filing');
      expect(services[name]?.environment?.TEMPORAL_ADDRESS).toBe('temporal:7233');
    }
    // Production has no simulators: their development keys would be refused anyway.
    expect(Object.keys(services).filter(name => name.endsWith('-sim'))).toEqual([]);
  });

  it('has Prometheus load the alert rules and scrape with the metrics token', () => {
    expect(services.prometheus?.volumes).toContain('./prometheus/alerts.yml:/etc/prometheus/alerts.yml:ro');
    expect(services.prometheus?.secrets).toEqual(['metrics_token']);
    const prometheus = parse(fs.readFileSync(path.join(projectRoot, 'docker/prometheus/prometheus.yml'), 'utf8')) as {
      rule_files: string[];
      scrape_configs: {
        job_name: string;
        authorization: { credentials_file: string };
        static_configs: { targets: string[] }[];
      }[];
    };
    expect(prometheus.rule_files).toEqual(['/etc/prometheus/alerts.yml']);
    expect(prometheus.scrape_configs.map(job => [job.job_name, job.static_configs[0]?.targets[0]])).toEqual([
      ['api', 'api:3000'],
      ['worker', 'worker:9464']
    ]);
    for (const job of prometheus.scrape_configs)
      expect(job.authorization.credentials_file).toBe('/run/secrets/metrics_token');
  });
});

describe('the image', () => {
  it('never receives .env files, keys, data or backups', () => {
    const ignored = fs.readFileSync(path.join(projectRoot, '.dockerignore'), 'utf8').split('\n');
    for (const pattern of ['**/.env', '**/.env.*', '**/keys', 'data', 'docker/secrets', 'backups'])
      expect(ignored).toContain(pattern);
    const dockerfile = fs.readFileSync(path.join(projectRoot, 'docker/Dockerfile'), 'utf8');
    const instructions = dockerfile
      .split('\n')
      .filter(line => !line.trimStart().startsWith('#'))
      .join('\n');
    expect(instructions).not.toMatch(/\.env|keys|(ARG|ENV) .*(SECRET|KEY|PASSWORD|TOKEN)/i);
    expect(dockerfile).toContain('APP_ENV=production');
  });
});
