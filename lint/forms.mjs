// Runs Camunda's form linter (@camunda/form-linting, the rules Modeler shows) over forms/*.form.
// The package ships untranspiled ES modules with extensionless imports; these hooks let Node load it.
import { register } from 'node:module';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

register('data:text/javascript,' + encodeURIComponent(`
export async function resolve(specifier, context, next) {
  try { return await next(specifier, context); }
  catch (e) {
    if (specifier.startsWith('.') && !specifier.endsWith('.js')) return next(specifier + '.js', context);
    throw e;
  }
}
export async function load(url, context, next) {
  if (url.includes('/node_modules/@camunda/form-linting/')) {
    const r = await next(url, { ...context, format: 'module' });
    return { ...r, format: 'module', shortCircuit: true };
  }
  return next(url, context);
}`));

const { FormLinter } = await import('@camunda/form-linting');
const dir = process.argv[2] || '../forms';
let errors = 0;
for (const file of readdirSync(dir).filter(f => f.endsWith('.form')).sort()) {
  const reports = await new FormLinter().lint(readFileSync(join(dir, file), 'utf8'));
  for (const r of reports) {
    console.log(`${file}: ${r.message} (${r.id ?? ''})`);
    errors++;
  }
  if (!reports.length) console.log(`${file}: ok`);
}
process.exit(errors ? 1 : 0);
