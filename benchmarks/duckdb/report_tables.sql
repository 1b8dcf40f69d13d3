-- The performance report's tables from a JSON-lines call log, in DuckDB: the side-by-side for
-- benchmarks/README.md, run by report_tables.py (DuckDB in Python) and ReportTables.java (DuckDB
-- in a JVM, through its JDBC driver). The first statement reads the log (? is its path); each
-- later one is a table of the report, fetched whole. Statements end with a semicolon at the end
-- of a line.

CREATE TABLE calls AS SELECT * FROM read_ndjson(?, columns = {'request_id': 'VARCHAR', 'trace_id': 'VARCHAR', 'timestamp': 'TIMESTAMP', 'label': 'VARCHAR','operation': 'VARCHAR', 'provider': 'VARCHAR', 'request_model': 'VARCHAR','response_model': 'VARCHAR', 'agent': 'VARCHAR', 'success': 'BOOLEAN','error_type': 'VARCHAR', 'duration_ms': 'DOUBLE', 'ttft_ms': 'DOUBLE','prompt_tokens': 'BIGINT', 'completion_tokens': 'BIGINT', 'load_ms': 'DOUBLE','prompt_eval_ms': 'DOUBLE', 'eval_ms': 'DOUBLE', 'server_total_ms': 'DOUBLE','queue_ms': 'DOUBLE', 'cold_start': 'BOOLEAN'});

-- groups
-- Groups with exact percentiles, as the report's first table.
SELECT operation, request_model, label, count(*) AS calls,
       count(*) FILTER (WHERE NOT success) AS errors,
       quantile_cont(duration_ms, [0.5, 0.9, 0.99]) AS p,
       quantile_cont(ttft_ms, [0.5, 0.9]) AS ttft,
       sum(prompt_tokens) AS tokens_in, sum(completion_tokens) AS tokens_out,
       sum(duration_ms) / 1000 AS llm_seconds
FROM calls GROUP BY ALL;

-- tokens_per_agent
SELECT agent, sum(prompt_tokens), sum(completion_tokens), sum(duration_ms) FROM calls GROUP BY agent;

-- tokens_per_label
SELECT label, sum(prompt_tokens), sum(completion_tokens), sum(duration_ms) FROM calls GROUP BY label;

-- errors_over_time
SELECT time_bucket(INTERVAL 1 minute, timestamp) AS bucket,
       coalesce(error_type, 'ok') AS series, count(*)
FROM calls GROUP BY ALL;

-- cold_starts
SELECT timestamp, request_model, load_ms FROM calls WHERE cold_start ORDER BY timestamp LIMIT 500;

-- slowest
SELECT * FROM calls ORDER BY duration_ms DESC LIMIT 10;

-- latency_bins
SELECT request_model, label,
       CASE WHEN duration_ms < 10 THEN 0 WHEN duration_ms < 25 THEN 1 WHEN duration_ms < 50 THEN 2
            WHEN duration_ms < 100 THEN 3 WHEN duration_ms < 250 THEN 4 WHEN duration_ms < 500 THEN 5
            WHEN duration_ms < 1000 THEN 6 WHEN duration_ms < 2500 THEN 7 WHEN duration_ms < 5000 THEN 8
            WHEN duration_ms < 10000 THEN 9 WHEN duration_ms < 30000 THEN 10 ELSE 11 END AS bin,
       count(*)
FROM calls GROUP BY ALL;

-- parts
-- What the findings start from: the time's parts over the calls the server timed.
SELECT sum(queue_ms), sum(load_ms), sum(prompt_eval_ms), sum(eval_ms),
       sum(greatest(duration_ms - server_total_ms, 0)), sum(duration_ms)
FROM calls WHERE queue_ms IS NOT NULL AND server_total_ms IS NOT NULL;
