-- links
SET TimeZone = 'Europe/Amsterdam';
SELECT
	n0,
	n1,
	n2,
	segment,
	CAST(MIN(CASE WHEN segment IS NOT NULL THEN (ts::HUGEINT << 40) + seq END) >> 40 AS BIGINT) AS segment_ts,
	CAST(MIN(CASE WHEN segment IS NOT NULL THEN (ts::HUGEINT << 40) + seq END) & 1099511627775 AS BIGINT) AS segment_seq,
	SUM(good) AS events,
	SUM(1 - good) AS bad_rows
FROM (SELECT
	CASE WHEN good = 1 THEN n0 END AS n0,
	CASE WHEN good = 1 THEN n1 END AS n1,
	CASE WHEN good = 1 THEN n2 END AS n2,
	CASE WHEN good = 1 THEN a0 END AS segment,
	ts,
	seq,
	good
FROM (SELECT *, CASE WHEN ts IS NOT NULL AND event IS NOT NULL THEN 1 ELSE 0 END AS good
FROM (SELECT
	seq,
	CASE WHEN ts IS NULL THEN time_text END AS time_text,
	ts,
	event,
	channel,
	n0,
	n1,
	n2,
	a0,
	a1
FROM (SELECT *, epoch_us(try_cast(time_text AS TIMESTAMPTZ)) AS ts
FROM (SELECT
	rowid AS seq,
	NULLIF(TRIM(CAST("event_time" AS VARCHAR)), '') AS time_text,
	NULLIF(TRIM(CAST("event_name" AS VARCHAR)), '') AS event,
	CASE WHEN NULLIF(TRIM(CAST("utm_source" AS VARCHAR)), '') IS NULL THEN NULLIF(TRIM(CAST("utm_medium" AS VARCHAR)), '') WHEN NULLIF(TRIM(CAST("utm_medium" AS VARCHAR)), '') IS NULL THEN NULLIF(TRIM(CAST("utm_source" AS VARCHAR)), '') ELSE CONCAT(NULLIF(TRIM(CAST("utm_source" AS VARCHAR)), ''), ' / ', NULLIF(TRIM(CAST("utm_medium" AS VARCHAR)), '')) END AS channel,
	NULLIF(TRIM(CAST("user_id" AS VARCHAR)), '') AS n0,
	NULLIF(TRIM(CAST("email" AS VARCHAR)), '') AS n1,
	NULLIF(TRIM(CAST("anonymous_id" AS VARCHAR)), '') AS n2,
	NULLIF(TRIM(CAST("plan" AS VARCHAR)), '') AS a0,
	NULLIF(TRIM(CAST("country" AS VARCHAR)), '') AS a1
FROM analytics.events) r) c) n) x) y
GROUP BY n0, n1, n2, segment;

-- stage events
SET TimeZone = 'Europe/Amsterdam';
SELECT * FROM (SELECT
	seq,
	ts,
	event,
	channel,
	CASE
		WHEN event GLOB 'page_view*' THEN 'Discover'
		WHEN regexp_matches(event, '^sign[_ ]?up\b') THEN 'Sign up'
		WHEN event = 'order''s placed' AND a1 = 'NL' THEN 'Buy'
		WHEN event = 'purchase' AND channel = 'email / newsletter' THEN 'Buy'
	END AS stage,
	n0,
	n1,
	n2
FROM (SELECT
	seq,
	CASE WHEN ts IS NULL THEN time_text END AS time_text,
	ts,
	event,
	channel,
	n0,
	n1,
	n2,
	a0,
	a1
FROM (SELECT *, epoch_us(try_cast(time_text AS TIMESTAMPTZ)) AS ts
FROM (SELECT
	rowid AS seq,
	NULLIF(TRIM(CAST("event_time" AS VARCHAR)), '') AS time_text,
	NULLIF(TRIM(CAST("event_name" AS VARCHAR)), '') AS event,
	CASE WHEN NULLIF(TRIM(CAST("utm_source" AS VARCHAR)), '') IS NULL THEN NULLIF(TRIM(CAST("utm_medium" AS VARCHAR)), '') WHEN NULLIF(TRIM(CAST("utm_medium" AS VARCHAR)), '') IS NULL THEN NULLIF(TRIM(CAST("utm_source" AS VARCHAR)), '') ELSE CONCAT(NULLIF(TRIM(CAST("utm_source" AS VARCHAR)), ''), ' / ', NULLIF(TRIM(CAST("utm_medium" AS VARCHAR)), '')) END AS channel,
	NULLIF(TRIM(CAST("user_id" AS VARCHAR)), '') AS n0,
	NULLIF(TRIM(CAST("email" AS VARCHAR)), '') AS n1,
	NULLIF(TRIM(CAST("anonymous_id" AS VARCHAR)), '') AS n2,
	NULLIF(TRIM(CAST("plan" AS VARCHAR)), '') AS a0,
	NULLIF(TRIM(CAST("country" AS VARCHAR)), '') AS a1
FROM analytics.events) r) c) n
WHERE ts IS NOT NULL AND event IS NOT NULL) s WHERE stage IS NOT NULL;
