-- links
SET spark.sql.session.timeZone = Europe/Amsterdam;
SELECT
	n0,
	n1,
	n2,
	segment,
	MIN(CASE WHEN segment IS NOT NULL THEN ts END) AS segment_ts,
	CAST(NULL AS BIGINT) AS segment_seq,
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
FROM (SELECT *, UNIX_MICROS(TRY_TO_TIMESTAMP(time_text)) AS ts
FROM (SELECT
	CAST(NULL AS BIGINT) AS seq,
	NULLIF(TRIM(CAST(`event_time` AS STRING)), '') AS time_text,
	NULLIF(TRIM(CAST(`event_name` AS STRING)), '') AS event,
	CASE WHEN NULLIF(TRIM(CAST(`utm_source` AS STRING)), '') IS NULL THEN NULLIF(TRIM(CAST(`utm_medium` AS STRING)), '') WHEN NULLIF(TRIM(CAST(`utm_medium` AS STRING)), '') IS NULL THEN NULLIF(TRIM(CAST(`utm_source` AS STRING)), '') ELSE CONCAT(NULLIF(TRIM(CAST(`utm_source` AS STRING)), ''), ' / ', NULLIF(TRIM(CAST(`utm_medium` AS STRING)), '')) END AS channel,
	NULLIF(TRIM(CAST(`user_id` AS STRING)), '') AS n0,
	NULLIF(TRIM(CAST(`email` AS STRING)), '') AS n1,
	NULLIF(TRIM(CAST(`anonymous_id` AS STRING)), '') AS n2,
	NULLIF(TRIM(CAST(`plan` AS STRING)), '') AS a0,
	NULLIF(TRIM(CAST(`country` AS STRING)), '') AS a1
FROM analytics.events) r) c) n) x) y
GROUP BY n0, n1, n2, segment;

-- stage events
SET spark.sql.session.timeZone = Europe/Amsterdam;
SELECT * FROM (SELECT
	seq,
	ts,
	event,
	channel,
	CASE
		WHEN event RLIKE '^page_view.*$' THEN 'Discover'
		WHEN event RLIKE '^sign[_ ]?up\\b' THEN 'Sign up'
		WHEN event = 'order\'s placed' AND a1 = 'NL' THEN 'Buy'
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
FROM (SELECT *, UNIX_MICROS(TRY_TO_TIMESTAMP(time_text)) AS ts
FROM (SELECT
	CAST(NULL AS BIGINT) AS seq,
	NULLIF(TRIM(CAST(`event_time` AS STRING)), '') AS time_text,
	NULLIF(TRIM(CAST(`event_name` AS STRING)), '') AS event,
	CASE WHEN NULLIF(TRIM(CAST(`utm_source` AS STRING)), '') IS NULL THEN NULLIF(TRIM(CAST(`utm_medium` AS STRING)), '') WHEN NULLIF(TRIM(CAST(`utm_medium` AS STRING)), '') IS NULL THEN NULLIF(TRIM(CAST(`utm_source` AS STRING)), '') ELSE CONCAT(NULLIF(TRIM(CAST(`utm_source` AS STRING)), ''), ' / ', NULLIF(TRIM(CAST(`utm_medium` AS STRING)), '')) END AS channel,
	NULLIF(TRIM(CAST(`user_id` AS STRING)), '') AS n0,
	NULLIF(TRIM(CAST(`email` AS STRING)), '') AS n1,
	NULLIF(TRIM(CAST(`anonymous_id` AS STRING)), '') AS n2,
	NULLIF(TRIM(CAST(`plan` AS STRING)), '') AS a0,
	NULLIF(TRIM(CAST(`country` AS STRING)), '') AS a1
FROM analytics.events) r) c) n
WHERE ts IS NOT NULL AND event IS NOT NULL) s WHERE stage IS NOT NULL;
