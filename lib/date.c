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
