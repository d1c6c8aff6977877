#include "config.h"

#include <string.h>

#include "date.h"

/*
 * Day number of y-m-d (Howard Hinnant's days_from_civil): eras of 400
 * years, March-based years so that the leap day is the last of a year.
 */
long
date_from_ymd(int y, int m, int d)
{
	long	era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/* The inverse of date_from_ymd (civil_from_days). */
void
date_to_ymd(long z, int *y, int *m, int *d)
{
	long	era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

static int
month_days(int y, int m)
{
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31,
	    30, 31 };

	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return days[m - 1];
}

/*
 * Parses exactly "YYYY-MM-DD" (years 1000-9999, a real day).
 * Returns 0 with the day number in *out, or -1.
 */
int
date_parse(const char *s, long *out)
{
	int	y, m, d, i;

	if (s == NULL || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return -1;
	for (i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return -1;
	y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 +
	    (s[3] - '0');
	m = (s[5] - '0') * 10 + (s[6] - '0');
	d = (s[8] - '0') * 10 + (s[9] - '0');
	if (y < 1000 || m < 1 || m > 12 || d < 1 || d > month_days(y, m))
		return -1;
	*out = date_from_ymd(y, m, d);
	return 0;
}

/* "YYYY-MM-DD" (years outside 0000-9999 are not business dates). */
void
date_format(long z, char out[DATE_LEN])
{
	int	y, m, d;

	date_to_ymd(z, &y, &m, &d);
	y = y < 0 ? 0 : y % 10000;
	out[0] = (char)('0' + y / 1000);
	out[1] = (char)('0' + y / 100 % 10);
	out[2] = (char)('0' + y / 10 % 10);
	out[3] = (char)('0' + y % 10);
	out[4] = '-';
	out[5] = (char)('0' + m / 10);
	out[6] = (char)('0' + m % 10);
	out[7] = '-';
	out[8] = (char)('0' + d / 10);
	out[9] = (char)('0' + d % 10);
	out[10] = '\0';
}

/*
 * The same day `months` months later; a day the month lacks becomes
 * its last (01-31 + 1 month = 02-28, or 02-29 in a leap year).
 */
long
date_add_months(long z, int months)
{
	int	y, m, d, mi;

	date_to_ymd(z, &y, &m, &d);
	mi = y * 12 + (m - 1) + months;
	y = mi / 12;
	m = mi % 12 + 1;
	if (d > month_days(y, m))
		d = month_days(y, m);
	return date_from_ymd(y, m, d);
}

/* Today's date in Japan at the moment now. */
long
date_today_jst(time_t now)
{
	long long	s = (long long)now + 9 * 3600;

	return (long)(s >= 0 ? s / 86400 : (s - 86399) / 86400);
}

/* 0 Sunday .. 6 Saturday. */
int
date_weekday(long z)
{
	long	w = (z + 4) % 7;	/* 1970-01-01 was a Thursday */

	return (int)(w < 0 ? w + 7 : w);
}

/* The day of the nth Monday of month m of year y. */
static long
nth_monday(int y, int m, int n)
{
	long	first = date_from_ymd(y, m, 1);

	return first + (8 - date_weekday(first)) % 7 + 7 * (n - 1);
}

/* 春分日 and 秋分日 (the usual formula, right for 1980-2099). */
static int
equinox(int y, int autumn)
{
	double	base = autumn ? 23.2488 : 20.8431;

	return (int)(base + 0.242194 * (y - 1980)) - (y - 1980) / 4;
}

/*
 * The holiday that the Act on National Holidays (国民の祝日に関する法律)
 * itself names on day z, before substitutes and sandwiched days: its
 * Japanese name, or NULL.  The moves of 2019 (the enthronement) and of
 * 2020 and 2021 (the Tokyo Games) are written out.
 */
static const char *
named_holiday(long z)
{
	static const struct {
		int		 y, m, d;
		const char	*name;
	} special[] = {
		{ 2019, 4, 30, "国民の休日" }, { 2019, 5, 1, "天皇の即位の日" },
		{ 2019, 5, 2, "国民の休日" },
		{ 2019, 10, 22, "即位礼正殿の儀の行われる日" },
		{ 2020, 7, 23, "海の日" }, { 2020, 7, 24, "スポーツの日" },
		{ 2020, 8, 10, "山の日" },
		{ 2021, 7, 22, "海の日" }, { 2021, 7, 23, "スポーツの日" },
		{ 2021, 8, 8, "山の日" },
	};
	int	y, m, d;
	size_t	i;

	date_to_ymd(z, &y, &m, &d);
	for (i = 0; i < sizeof(special) / sizeof(special[0]); i++)
		if (special[i].y == y && special[i].m == m && special[i].d == d)
			return special[i].name;
	if (m == 1 && d == 1)
		return "元日";
	if (m == 1 && z == nth_monday(y, 1, 2))
		return "成人の日";
	if (m == 2 && d == 11)
		return "建国記念の日";
	if (m == 2 && d == 23 && y >= 2020)
		return "天皇誕生日";
	if (m == 12 && d == 23 && y <= 2018)
		return "天皇誕生日";
	if (m == 3 && d == equinox(y, 0))
		return "春分の日";
	if (m == 4 && d == 29)
		return "昭和の日";
	if (m == 5 && d == 3)
		return "憲法記念日";
	if (m == 5 && d == 4)
		return "みどりの日";
	if (m == 5 && d == 5)
		return "こどもの日";
	if (m == 7 && z == nth_monday(y, 7, 3) && y != 2020 && y != 2021)
		return "海の日";
	if (m == 8 && d == 11 && y >= 2016 && y != 2020 && y != 2021)
		return "山の日";
	if (m == 9 && z == nth_monday(y, 9, 3))
		return "敬老の日";
	if (m == 9 && d == equinox(y, 1))
		return "秋分の日";
	if (m == 10 && z == nth_monday(y, 10, 2) && y != 2020 && y != 2021)
		return y >= 2020 ? "スポーツの日" : "体育の日";
	if (m == 11 && d == 3)
		return "文化の日";
	if (m == 11 && d == 23)
		return "勤労感謝の日";
	return NULL;
}

/*
 * Japan's national holiday on day z (its name), or NULL: the named
 * holidays, a 振替休日 (a holiday on a Sunday moves to the next day
 * that is not one) and a 国民の休日 (a weekday between two holidays).
 * Right from 2007 (the present substitute rule) to 2099, as long as
 * the law does not change again.
 */
const char *
date_holiday(long z)
{
	const char	*n;
	long		 k;

	if ((n = named_holiday(z)) != NULL)
		return n;
	/* A Sunday holiday, then holidays each day since: moved here. */
	for (k = z - 1; named_holiday(k) != NULL; k--)
		if (date_weekday(k) == 0)
			return "振替休日";
	if (date_weekday(z) != 0 && named_holiday(z - 1) != NULL &&
	    named_holiday(z + 1) != NULL)
		return "国民の休日";
	return NULL;
}

/* A Japanese business day: neither a weekend nor a national holiday. */
int
date_is_business_day(long z)
{
	int	w = date_weekday(z);

	return w != 0 && w != 6 && date_holiday(z) == NULL;
}

/* The business days after from, up to and including to (0 if none). */
long
date_business_days(long from, long to)
{
	long	n = 0, z;

	for (z = from + 1; z <= to; z++)
		n += date_is_business_day(z);
	return n;
}
