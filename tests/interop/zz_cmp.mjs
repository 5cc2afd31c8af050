import { DuckDBInstance } from '@duckdb/node-api';
const [a, b] = process.argv.slice(2);
const db = await DuckDBInstance.create(':memory:');
const con = await db.connect();
const rows = async sql => (await con.runAndReadAll(sql)).getRowObjectsJson();
const t = (o, name) => `read_parquet('${o}/${name}/**/*.parquet', hive_partitioning=true, union_by_name=true)`;
const out = {};
for (const name of ['tracks', 'pixels', 'quest-rows']) {
  const colsA = (await rows(`describe select * from ${t(a, name)}`)).map(r => r.column_name);
  const colsB = (await rows(`describe select * from ${t(b, name)}`)).map(r => r.column_name);
  const common = colsA.filter(c => colsB.includes(c)).map(c => `"${c}"`).join(',');
  const n = async sql => Number((await rows(sql))[0].n);
  out[name] = {
    rows_a: await n(`select count(*) n from ${t(a, name)}`), rows_b: await n(`select count(*) n from ${t(b, name)}`),
    only_in_a: colsA.filter(c => !colsB.includes(c)), only_in_b: colsB.filter(c => !colsA.includes(c)),
    a_minus_b: await n(`select count(*) n from (select ${common} from ${t(a, name)} except all select ${common} from ${t(b, name)})`),
    b_minus_a: await n(`select count(*) n from (select ${common} from ${t(b, name)} except all select ${common} from ${t(a, name)})`),
  };
}
const q = o => `read_parquet('${o}/quest/candidates.parquet')`;
out.candidates_diff = Number((await rows(`select count(*) n from (select * from ${q(a)} except all select * from ${q(b)})`))[0].n);
out.new_types = await rows(`select column_name, column_type, "null" from (describe select * from ${t(b, 'tracks')}) where column_name like 'score_%' or column_name in ('predicted_class','not_classified_reason')`);
console.log(JSON.stringify(out, null, 1));
