/*
 * Two-factor sign-in: time-based one-time passwords (RFC 6238, the
 * parameters every authenticator app reads from an otpauth:// URI:
 * HMAC-SHA1, 6 digits, 30-second steps), base32 secrets (RFC 4648),
 * recovery codes, and the enrolment QR code as SVG (libqrencode).
 */
#ifndef KEIYAKU_TOTP_H
#define KEIYAKU_TOTP_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#define TOTP_KEY	20	/* 160-bit secrets, as RFC 4226 recommends */
#define TOTP_B32	33	/* 32 base32 digits and NUL */
#define TOTP_STEP	30
#define TOTP_RECOVERY	20	/* "xxxx-xxxx-xxxx-xxxx" (80 bits) and NUL */
#define TOTP_NCODES	10

struct buf;

uint32_t totp_hotp(const unsigned char *, size_t, uint64_t counter,
	    int digits);
long long totp_check(const unsigned char *, size_t, const char *code,
	    time_t now, long long last_step);
void	 totp_base32(const unsigned char *, size_t, char *);
int	 totp_unbase32(const char *, unsigned char *, size_t);
char	*totp_uri(const char *issuer, const char *account, const char *b32);
int	 totp_qr_svg(const char *text, struct buf *);
int	 totp_recovery_code(char out[TOTP_RECOVERY]);
int	 totp_recovery_norm(const char *, char out[TOTP_RECOVERY]);

#endif
