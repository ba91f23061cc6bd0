/*
 * check_err: every RD_E* code has its own text, and unknown codes say so.
 */
#include <string.h>

#include "dns/err.h"
#include "unit.h"

START_TEST(test_strerror)
{
	static const struct {
		int code;
		const char *text;
	} known[] = {
		{ RD_OK, "success" },
		{ RD_ENOMEM, "out of memory" },
		{ RD_EMALFORMED, "malformed wire data" },
		{ RD_ESPACE, "output buffer too small" },
		{ RD_ESYNTAX, "syntax error" },
		{ RD_ERANGE, "value out of range" },
		{ RD_ENOTFOUND, "not found" },
		{ RD_EEXIST, "already exists" },
		{ RD_ELOOP, "loop detected" },
		{ RD_EIO, "input/output error" },
		{ RD_EINVAL, "invalid argument" },
		{ RD_ELIMIT, "limit reached" },
		{ RD_ENOTSUP, "not supported" },
		{ RD_ESEMANTIC, "breaks a DNS rule" },
	};
	size_t i, j, n = sizeof(known) / sizeof(known[0]);

	for (i = 0; i < n; i++) {
		ck_assert_str_eq(rd_strerror(known[i].code), known[i].text);
		for (j = 0; j < i; j++)
			ck_assert_str_ne(rd_strerror(known[i].code),
			    rd_strerror(known[j].code));
	}
	/* The codes are consecutive from 0 down to RD_ESEMANTIC. */
	ck_assert_int_eq(RD_ESEMANTIC, -13);
	ck_assert_str_eq(rd_strerror(-14), "unknown error");
	ck_assert_str_eq(rd_strerror(1), "unknown error");
	ck_assert_str_eq(rd_strerror(-1000), "unknown error");
}
END_TEST

static Suite *
suite(void)
{
	Suite *s = suite_create("err");
	TCase *tc = tcase_create("err");

	tcase_add_test(tc, test_strerror);
	suite_add_tcase(s, tc);
	return s;
}
