// Prints the Hive partition values DuckDB reads from a table folder, as JSON: [{particle, energy_kev, n}, ...].
import { DuckDBInstance } from '@duckdb/node-api';

const table = process.argv[2];
const db = await DuckDBInstance.create(':memory:');
const con = await db.connect();
const reader = await con.runAndReadAll(
  `select particle, energy_kev::integer energy_kev, count(*)::integer n from read_parquet('${table}/**/*.parquet', hive_partitioning=true) group by all order by all`);
console.log(JSON.stringify(reader.getRowObjectsJson()));
