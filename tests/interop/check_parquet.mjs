// Reads an output folder with DuckDB and polars (hive partitioning) and prints what they see as JSON.
import { DuckDBInstance } from '@duckdb/node-api';
import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);
const pl = require('nodejs-polars');

const out = process.argv[2];
const db = await DuckDBInstance.create(':memory:');
const con = await db.connect();
const rows = async sql => (await con.runAndReadAll(sql)).getRowObjectsJson();

const tracks = `read_parquet('${out}/tracks/**/*.parquet', hive_partitioning=true)`;
const result = {
  duckdb: {
    tracks: Number((await rows(`select count(*) n from ${tracks}`))[0].n),
    per_partition: await rows(`select particle, energy_kev::integer energy_kev, count(*)::integer n, sum(num_e_total)::bigint num_e from ${tracks} group by all order by all`),
    columns: (await rows(`describe select * from ${tracks}`)).map(r => r.column_name),
    pixels: Number((await rows(`select count(*) n from read_parquet('${out}/pixels/**/*.parquet', hive_partitioning=true)`))[0].n),
    quest: Number((await rows(`select count(*) n from read_parquet('${out}/quest/candidates.parquet')`))[0].n),
  },
};
const df = pl.scanParquet(`${out}/tracks/**/*.parquet`, { hivePartitioning: true }).collectSync();
const byParticle = df.groupBy(['particle']).agg(pl.col('num_e_total').sum()).sort('particle');
result.polars = {
  tracks: df.height,
  columns: df.columns,
  num_e_by_particle: Object.fromEntries(byParticle.rows().map(([p, n]) => [p, Number(n)])),
};
console.log(JSON.stringify(result));
