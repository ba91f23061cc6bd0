/*
 * check_wire: reads and writes in network byte order, and the sticky error
 * of both cursors: the first overrun sets it, later calls do nothing.
 */
#include <stdint.h>
#include <string.h>

#include "dns/err.h"
#include "dns/wire.h"
#include "unit.h"

START_TEST(test_read)
{
	static const uint8_t msg[] = { 0x12, 0x34, 0x56, 0x78, 0x9a, 0xbc,
	    0xde, 0xf0, 0x01 };
	struct wire_rd r;
	uint8_t buf[4];

	wire_rd_init(&r, msg, sizeof(msg));
	ck_assert_uint_eq(wire_rd_left(&r), 9);
	ck_assert_uint_eq(wire_rd_u8(&r), 0x12);
	ck_assert_uint_eq(wire_rd_u16(&r), 0x3456);
	ck_assert_uint_eq(wire_rd_u32(&r), 0x789abcdeu);
	ck_assert_uint_eq(wire_rd_offset(&r), 7);
	ck_assert_uint_eq(wire_rd_left(&r), 2);
	ck_assert_int_eq(r.err, 0);

	/* A u32 with 2 bytes left: error, zero, no movement. */
	ck_assert_uint_eq(wire_rd_u32(&r), 0);
	ck_assert_int_eq(r.err, RD_EMALFORMED);
	ck_assert_uint_eq(wire_rd_offset(&r), 7);
	ck_assert_uint_eq(wire_rd_left(&r), 0);
	/* Sticky: even a read that would fit returns zero now. */
	ck_assert_uint_eq(wire_rd_u8(&r), 0);
	ck_assert_uint_eq(wire_rd_u16(&r), 0);
	memset(buf, 0xff, sizeof(buf));
	wire_rd_bytes(&r, buf, 1);
	ck_assert_uint_eq(buf[0], 0);
	ck_assert_uint_eq(wire_rd_offset(&r), 7);
	wire_rd_seek(&r, 0);
	ck_assert_uint_eq(wire_rd_offset(&r), 7);
	ck_assert_int_eq(r.err, RD_EMALFORMED);
}
END_TEST

START_TEST(test_read_bytes_seek)
{
	static const uint8_t msg[] = "abcdef";
	struct wire_rd r;
	uint8_t buf[8];

	wire_rd_init(&r, msg, 6);
	wire_rd_skip(&r, 2);
	wire_rd_bytes(&r, buf, 3);
	ck_assert_mem_eq(buf, "cde", 3);
	wire_rd_seek(&r, 1);
	ck_assert_uint_eq(wire_rd_u8(&r), 'b');
	/* Seeking to the very end is allowed, past it is not. */
	wire_rd_seek(&r, 6);
	ck_assert_int_eq(r.err, 0);
	ck_assert_uint_eq(wire_rd_left(&r), 0);
	wire_rd_seek(&r, 7);
	ck_assert_int_eq(r.err, RD_EMALFORMED);

	wire_rd_init(&r, msg, 6);
	memset(buf, 0xff, sizeof(buf));
	wire_rd_bytes(&r, buf, 7);
	ck_assert_int_eq(r.err, RD_EMALFORMED);
	ck_assert_uint_eq(buf[0], 0);
	ck_assert_uint_eq(buf[6], 0);
	ck_assert_uint_eq(buf[7], 0xff);

	wire_rd_init(&r, msg, 6);
	wire_rd_skip(&r, 7);
	ck_assert_int_eq(r.err, RD_EMALFORMED);
	ck_assert_uint_eq(wire_rd_offset(&r), 0);
}
END_TEST

START_TEST(test_write)
{
	uint8_t buf[8];
	struct wire_wr w;

	memset(buf, 0, sizeof(buf));
	wire_wr_init(&w, buf, 8);
	wire_wr_u8(&w, 0xab);
	wire_wr_u16(&w, 0x1234);
	wire_wr_u32(&w, 0xdeadbeefu);
	ck_assert_uint_eq(wire_wr_offset(&w), 7);
	ck_assert_uint_eq(wire_wr_left(&w), 1);
	ck_assert_mem_eq(buf, "\xab\x12\x34\xde\xad\xbe\xef", 7);
	wire_wr_u16_at(&w, 1, 0x5678);
	ck_assert_mem_eq(buf, "\xab\x56\x78", 3);
	/* Patching beyond what is written is ignored. */
	wire_wr_u16_at(&w, 6, 0xffff);
	ck_assert_uint_eq(buf[6], 0xef);
	ck_assert_uint_eq(buf[7], 0);

	/* Overrun: nothing written, sticky error. */
	wire_wr_u16(&w, 0xffff);
	ck_assert_int_eq(w.err, RD_ESPACE);
	ck_assert_uint_eq(buf[7], 0);
	ck_assert_uint_eq(wire_wr_left(&w), 0);
	wire_wr_u8(&w, 0x77);
	ck_assert_uint_eq(buf[7], 0);
	wire_wr_bytes(&w, "x", 1);
	ck_assert_uint_eq(buf[7], 0);
	ck_assert_uint_eq(wire_wr_offset(&w), 7);

	wire_wr_init(&w, buf, 3);
	wire_wr_bytes(&w, "wxyz", 4);
	ck_assert_int_eq(w.err, RD_ESPACE);
	ck_assert_uint_eq(buf[0], 0xab);
	wire_wr_init(&w, buf, 3);
	wire_wr_bytes(&w, "xyz", 3);
	ck_assert_int_eq(w.err, 0);
	ck_assert_mem_eq(buf, "xyz", 3);
	wire_wr_u32(&w, 1);
	ck_assert_int_eq(w.err, RD_ESPACE);
}
END_TEST

START_TEST(test_get_put)
{
	uint8_t b[4];

	wire_put_u16(b, 0xbeef);
	ck_assert_mem_eq(b, "\xbe\xef", 2);
	ck_assert_uint_eq(wire_get_u16(b), 0xbeef);
	wire_put_u32(b, 0x01020304u);
	ck_assert_mem_eq(b, "\x01\x02\x03\x04", 4);
	ck_assert_uint_eq(wire_get_u32(b), 0x01020304u);
	wire_put_u32(b, 0xfffffffeu);
	ck_assert_uint_eq(wire_get_u32(b), 0xfffffffeu);
}
END_TEST

static Suite *
suite(void)
{
	Suite *s = suite_create("wire");
	TCase *tc = tcase_create("wire");

	tcase_add_test(tc, test_read);
	tcase_add_test(tc, test_read_bytes_seek);
	tcase_add_test(tc, test_write);
	tcase_add_test(tc, test_get_put);
	suite_add_tcase(s, tc);
	return s;
}
