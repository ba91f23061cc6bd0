/*
 * unit.h: the common main() of the Check unit tests. A test file defines
 * suite(), returning its Suite; this runs it and exits non-zero on failure.
 */
#ifndef RD_UNIT_H
#define RD_UNIT_H

#include <check.h>
#include <stdlib.h>

static Suite *suite(void);

int
main(void)
{
	SRunner *sr;
	int failed;

	sr = srunner_create(suite());
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}

#endif
