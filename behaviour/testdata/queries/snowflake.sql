-- links
ALTER SESSION SET TIMEZONE = 'Europe/Amsterdam';
SELECT
	id0,
	ph0,
	id1,
	ph1,
	id2,
	ph2,
	segment,
	MIN(CASE WHEN segment IS NOT NULL THEN ts END) AS segment_ts,
	CAST(NULL AS BIGINT) AS segment_seq,
	SUM(good) AS events,
	SUM(1 - good) AS bad_rows
FROM (SELECT
	CASE WHEN good = 1 THEN id0 END AS id0,
	CASE WHEN good = 1 THEN ph0 END AS ph0,
	CASE WHEN good = 1 THEN id1 END AS id1,
	CASE WHEN good = 1 THEN ph1 END AS ph1,
	CASE WHEN good = 1 THEN id2 END AS id2,
	CASE WHEN good = 1 THEN ph2 END AS ph2,
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
	CASE WHEN is_ph0 THEN NULL ELSE n0 END AS id0,
	CASE WHEN is_ph0 AND n0 IS NOT NULL THEN b0 END AS ph0,
	CASE WHEN is_ph1 THEN NULL ELSE n1 END AS id1,
	CASE WHEN is_ph1 AND n1 IS NOT NULL THEN b1 END AS ph1,
	CASE WHEN is_ph2 THEN NULL ELSE n2 END AS id2,
	CASE WHEN is_ph2 AND n2 IS NOT NULL THEN b2 END AS ph2,
	a0,
	a1
FROM (SELECT
	seq,
	time_text,
	ts,
	event,
	channel,
	n0,
	b0,
	(b0 IS NULL OR TRIM(b0, '0-') = '' OR b0 IN ('', '0', '-1', 'null', 'none', 'nan', 'undefined', 'unknown', 'anonymous', 'guest', 'not_authenticated', 'true', 'false', 'id', 'distinct_id', 'email', '[object object]')) AS is_ph0,
	n1,
	b1,
	(b1 IS NULL OR TRIM(b1, '0-') = '' OR b1 IN ('', '0', '-1', 'null', 'none', 'nan', 'undefined', 'unknown', 'anonymous', 'guest', 'not_authenticated', 'true', 'false', 'id', 'distinct_id', 'email', '[object object]')) AS is_ph1,
	n2,
	b2,
	(b2 IS NULL OR TRIM(b2, '0-') = '' OR b2 IN ('', '0', '-1', 'null', 'none', 'nan', 'undefined', 'unknown', 'anonymous', 'guest', 'not_authenticated', 'true', 'false', 'id', 'distinct_id', 'email', '[object object]')) AS is_ph2,
	a0,
	a1
FROM (SELECT
	seq,
	time_text,
	DATE_PART(EPOCH_MICROSECOND, TRY_TO_TIMESTAMP_TZ(time_text)) AS ts,
	event,
	channel,
	CASE WHEN CONTAINS(n0, '@') THEN LOWER(n0) ELSE n0 END AS n0,
	LOWER(TRIM(n0, '"''')) AS b0,
	CASE WHEN CONTAINS(n1, '@') THEN LOWER(n1) ELSE n1 END AS n1,
	LOWER(TRIM(n1, '"''')) AS b1,
	CASE WHEN CONTAINS(n2, '@') THEN LOWER(n2) ELSE n2 END AS n2,
	LOWER(TRIM(n2, '"''')) AS b2,
	a0,
	a1
FROM (SELECT
	CAST(NULL AS BIGINT) AS seq,
	NULLIF(TRIM(CAST("event_time" AS VARCHAR)), '') AS time_text,
	NULLIF(TRIM(CAST("event_name" AS VARCHAR)), '') AS event,
	CASE WHEN NULLIF(TRIM(CAST("utm_source" AS VARCHAR)), '') IS NULL THEN NULLIF(TRIM(CAST("utm_medium" AS VARCHAR)), '') WHEN NULLIF(TRIM(CAST("utm_medium" AS VARCHAR)), '') IS NULL THEN NULLIF(TRIM(CAST("utm_source" AS VARCHAR)), '') ELSE CONCAT(NULLIF(TRIM(CAST("utm_source" AS VARCHAR)), ''), ' / ', NULLIF(TRIM(CAST("utm_medium" AS VARCHAR)), '')) END AS channel,
	NULLIF(TRIM(CAST("user_id" AS VARCHAR)), '') AS n0,
	NULLIF(TRIM(CAST("email" AS VARCHAR)), '') AS n1,
	NULLIF(TRIM(CAST("anonymous_id" AS VARCHAR)), '') AS n2,
	NULLIF(TRIM(CAST("plan" AS VARCHAR)), '') AS a0,
	NULLIF(TRIM(CAST("country" AS VARCHAR)), '') AS a1
FROM analytics.events) r) c) m) n) x) y
GROUP BY id0, ph0, id1, ph1, id2, ph2, segment;

-- stage events
ALTER SESSION SET TIMEZONE = 'Europe/Amsterdam';
SELECT * FROM (SELECT
	seq,
	ts,
	event,
	channel,
	CASE
		WHEN REGEXP_INSTR(event, '^page_view.*$') > 0 THEN 'Discover'
		WHEN REGEXP_INSTR(event, '^sign[_ ]?up\\b') > 0 THEN 'Sign up'
		WHEN event = 'order''s placed' AND a1 = 'NL' THEN 'Buy'
		WHEN event = 'purchase' AND channel = 'email / newsletter' THEN 'Buy'
	END AS stage,
	id0,
	id1,
	id2
FROM (SELECT
	seq,
	CASE WHEN ts IS NULL THEN time_text END AS time_text,
	ts,
	event,
	channel,
	CASE WHEN is_ph0 THEN NULL ELSE n0 END AS id0,
	CASE WHEN is_ph0 AND n0 IS NOT NULL THEN b0 END AS ph0,
	CASE WHEN is_ph1 THEN NULL ELSE n1 END AS id1,
	CASE WHEN is_ph1 AND n1 IS NOT NULL THEN b1 END AS ph1,
	CASE WHEN is_ph2 THEN NULL ELSE n2 END AS id2,
	CASE WHEN is_ph2 AND n2 IS NOT NULL THEN b2 END AS ph2,
	a0,
	a1
FROM (SELECT
	seq,
	time_text,
	ts,
	event,
	channel,
	n0,
	b0,
	(b0 IS NULL OR TRIM(b0, '0-') = '' OR b0 IN ('', '0', '-1', 'null', 'none', 'nan', 'undefined', 'unknown', 'anonymous', 'guest', 'not_authenticated', 'true', 'false', 'id', 'distinct_id', 'email', '[object object]')) AS is_ph0,
	n1,
	b1,
	(b1 IS NULL OR TRIM(b1, '0-') = '' OR b1 IN ('', '0', '-1', 'null', 'none', 'nan', 'undefined', 'unknown', 'anonymous', 'guest', 'not_authenticated', 'true', 'false', 'id', 'distinct_id', 'email', '[object object]')) AS is_ph1,
	n2,
	b2,
	(b2 IS NULL OR TRIM(b2, '0-') = '' OR b2 IN ('', '0', '-1', 'null', 'none', 'nan', 'undefined', 'unknown', 'anonymous', 'guest', 'not_authenticated', 'true', 'false', 'id', 'distinct_id', 'email', '[object object]')) AS is_ph2,
	a0,
	a1
FROM (SELECT
	seq,
	time_text,
	DATE_PART(EPOCH_MICROSECOND, TRY_TO_TIMESTAMP_TZ(time_text)) AS ts,
	event,
	channel,
	CASE WHEN CONTAINS(n0, '@') THEN LOWER(n0) ELSE n0 END AS n0,
	LOWER(TRIM(n0, '"''')) AS b0,
	CASE WHEN CONTAINS(n1, '@') THEN LOWER(n1) ELSE n1 END AS n1,
	LOWER(TRIM(n1, '"''')) AS b1,
	CASE WHEN CONTAINS(n2, '@') THEN LOWER(n2) ELSE n2 END AS n2,
	LOWER(TRIM(n2, '"''')) AS b2,
	a0,
	a1
FROM (SELECT
	CAST(NULL AS BIGINT) AS seq,
	NULLIF(TRIM(CAST("event_time" AS VARCHAR)), '') AS time_text,
	NULLIF(TRIM(CAST("event_name" AS VARCHAR)), '') AS event,
	CASE WHEN NULLIF(TRIM(CAST("utm_source" AS VARCHAR)), '') IS NULL THEN NULLIF(TRIM(CAST("utm_medium" AS VARCHAR)), '') WHEN NULLIF(TRIM(CAST("utm_medium" AS VARCHAR)), '') IS NULL THEN NULLIF(TRIM(CAST("utm_source" AS VARCHAR)), '') ELSE CONCAT(NULLIF(TRIM(CAST("utm_source" AS VARCHAR)), ''), ' / ', NULLIF(TRIM(CAST("utm_medium" AS VARCHAR)), '')) END AS channel,
	NULLIF(TRIM(CAST("user_id" AS VARCHAR)), '') AS n0,
	NULLIF(TRIM(CAST("email" AS VARCHAR)), '') AS n1,
	NULLIF(TRIM(CAST("anonymous_id" AS VARCHAR)), '') AS n2,
	NULLIF(TRIM(CAST("plan" AS VARCHAR)), '') AS a0,
	NULLIF(TRIM(CAST("country" AS VARCHAR)), '') AS a1
FROM analytics.events) r) c) m) n
WHERE ts IS NOT NULL AND event IS NOT NULL) s WHERE stage IS NOT NULL;
