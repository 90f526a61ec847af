-- links
SET spark.sql.session.timeZone = Europe/Amsterdam;
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
	(b0 IS NULL OR TRIM(BOTH '0-' FROM b0) = '' OR b0 IN ('', '0', '-1', 'null', 'none', 'nan', 'undefined', 'unknown', 'anonymous', 'guest', 'not_authenticated', 'true', 'false', 'id', 'distinct_id', 'email', '[object object]')) AS is_ph0,
	n1,
	b1,
	(b1 IS NULL OR TRIM(BOTH '0-' FROM b1) = '' OR b1 IN ('', '0', '-1', 'null', 'none', 'nan', 'undefined', 'unknown', 'anonymous', 'guest', 'not_authenticated', 'true', 'false', 'id', 'distinct_id', 'email', '[object object]')) AS is_ph1,
	n2,
	b2,
	(b2 IS NULL OR TRIM(BOTH '0-' FROM b2) = '' OR b2 IN ('', '0', '-1', 'null', 'none', 'nan', 'undefined', 'unknown', 'anonymous', 'guest', 'not_authenticated', 'true', 'false', 'id', 'distinct_id', 'email', '[object object]')) AS is_ph2,
	a0,
	a1
FROM (SELECT
	seq,
	time_text,
	UNIX_MICROS(TRY_TO_TIMESTAMP(time_text)) AS ts,
	event,
	channel,
	CASE WHEN INSTR(n0, '@') > 0 THEN LOWER(n0) ELSE n0 END AS n0,
	LOWER(TRIM(BOTH '"\'' FROM n0)) AS b0,
	CASE WHEN INSTR(n1, '@') > 0 THEN LOWER(n1) ELSE n1 END AS n1,
	LOWER(TRIM(BOTH '"\'' FROM n1)) AS b1,
	CASE WHEN INSTR(n2, '@') > 0 THEN LOWER(n2) ELSE n2 END AS n2,
	LOWER(TRIM(BOTH '"\'' FROM n2)) AS b2,
	a0,
	a1
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
FROM analytics.events) r) c) m) n) x) y
GROUP BY id0, ph0, id1, ph1, id2, ph2, segment;

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
	(b0 IS NULL OR TRIM(BOTH '0-' FROM b0) = '' OR b0 IN ('', '0', '-1', 'null', 'none', 'nan', 'undefined', 'unknown', 'anonymous', 'guest', 'not_authenticated', 'true', 'false', 'id', 'distinct_id', 'email', '[object object]')) AS is_ph0,
	n1,
	b1,
	(b1 IS NULL OR TRIM(BOTH '0-' FROM b1) = '' OR b1 IN ('', '0', '-1', 'null', 'none', 'nan', 'undefined', 'unknown', 'anonymous', 'guest', 'not_authenticated', 'true', 'false', 'id', 'distinct_id', 'email', '[object object]')) AS is_ph1,
	n2,
	b2,
	(b2 IS NULL OR TRIM(BOTH '0-' FROM b2) = '' OR b2 IN ('', '0', '-1', 'null', 'none', 'nan', 'undefined', 'unknown', 'anonymous', 'guest', 'not_authenticated', 'true', 'false', 'id', 'distinct_id', 'email', '[object object]')) AS is_ph2,
	a0,
	a1
FROM (SELECT
	seq,
	time_text,
	UNIX_MICROS(TRY_TO_TIMESTAMP(time_text)) AS ts,
	event,
	channel,
	CASE WHEN INSTR(n0, '@') > 0 THEN LOWER(n0) ELSE n0 END AS n0,
	LOWER(TRIM(BOTH '"\'' FROM n0)) AS b0,
	CASE WHEN INSTR(n1, '@') > 0 THEN LOWER(n1) ELSE n1 END AS n1,
	LOWER(TRIM(BOTH '"\'' FROM n1)) AS b1,
	CASE WHEN INSTR(n2, '@') > 0 THEN LOWER(n2) ELSE n2 END AS n2,
	LOWER(TRIM(BOTH '"\'' FROM n2)) AS b2,
	a0,
	a1
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
FROM analytics.events) r) c) m) n
WHERE ts IS NOT NULL AND event IS NOT NULL) s WHERE stage IS NOT NULL;
