import { DuckDBInstance } from '@duckdb/node-api';
const db = await DuckDBInstance.create(':memory:');
const c = await db.connect();
const r = await c.runAndReadAll(process.argv[2]);
console.log(r.columnNames().join('\t'));
for (const row of r.getRows()) console.log(row.map(v => typeof v === 'number' ? +v.toFixed(3) : String(v)).join('\t'));
