/*
 * wire: bounds-checked cursors over untrusted bytes, with a sticky error
 * (STYLE.md point 10). The first overrun sets err; later calls do nothing and
 * return zeros; the caller checks err once. Byte order is converted here only.
 */
#ifndef RD_WIRE_H
#define RD_WIRE_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "dns/err.h"

struct wire_rd {
	const uint8_t *base;	/* start of the message (for pointers) */
	const uint8_t *pos;
	const uint8_t *end;
	int err;		/* 0 or RD_EMALFORMED */
};

struct wire_wr {
	uint8_t *base;
	uint8_t *pos;
	uint8_t *end;
	int err;		/* 0 or RD_ESPACE */
};

static inline void
wire_rd_init(struct wire_rd *r, const uint8_t *p, size_t len)
{
	r->base = p;
	r->pos = p;
	r->end = p + len;
	r->err = 0;
}

static inline size_t
wire_rd_left(const struct wire_rd *r)
{
	return r->err ? 0 : (size_t)(r->end - r->pos);
}

static inline size_t
wire_rd_offset(const struct wire_rd *r)
{
	return (size_t)(r->pos - r->base);
}

static inline int
wire_rd_need(struct wire_rd *r, size_t n)
{
	if (r->err)
		return 0;
	if ((size_t)(r->end - r->pos) < n) {
		r->err = RD_EMALFORMED;
		return 0;
	}
	return 1;
}

static inline uint8_t
wire_rd_u8(struct wire_rd *r)
{
	if (!wire_rd_need(r, 1))
		return 0;
	return *r->pos++;
}

static inline uint16_t
wire_rd_u16(struct wire_rd *r)
{
	uint16_t v;

	if (!wire_rd_need(r, 2))
		return 0;
	v = (uint16_t)((r->pos[0] << 8) | r->pos[1]);
	r->pos += 2;
	return v;
}

static inline uint32_t
wire_rd_u32(struct wire_rd *r)
{
	uint32_t v;

	if (!wire_rd_need(r, 4))
		return 0;
	v = ((uint32_t)r->pos[0] << 24) | ((uint32_t)r->pos[1] << 16) |
	    ((uint32_t)r->pos[2] << 8) | r->pos[3];
	r->pos += 4;
	return v;
}

static inline void
wire_rd_bytes(struct wire_rd *r, void *dst, size_t n)
{
	if (!wire_rd_need(r, n)) {
		if (n)
			memset(dst, 0, n);
		return;
	}
	memcpy(dst, r->pos, n);
	r->pos += n;
}

static inline void
wire_rd_skip(struct wire_rd *r, size_t n)
{
	if (wire_rd_need(r, n))
		r->pos += n;
}

/* Move to absolute offset off from base (for compression pointers). */
static inline void
wire_rd_seek(struct wire_rd *r, size_t off)
{
	if (r->err)
		return;
	if (off > (size_t)(r->end - r->base)) {
		r->err = RD_EMALFORMED;
		return;
	}
	r->pos = r->base + off;
}

static inline void
wire_wr_init(struct wire_wr *w, uint8_t *p, size_t len)
{
	w->base = p;
	w->pos = p;
	w->end = p + len;
	w->err = 0;
}

static inline size_t
wire_wr_left(const struct wire_wr *w)
{
	return w->err ? 0 : (size_t)(w->end - w->pos);
}

static inline size_t
wire_wr_offset(const struct wire_wr *w)
{
	return (size_t)(w->pos - w->base);
}

static inline int
wire_wr_need(struct wire_wr *w, size_t n)
{
	if (w->err)
		return 0;
	if ((size_t)(w->end - w->pos) < n) {
		w->err = RD_ESPACE;
		return 0;
	}
	return 1;
}

static inline void
wire_wr_u8(struct wire_wr *w, uint8_t v)
{
	if (wire_wr_need(w, 1))
		*w->pos++ = v;
}

static inline void
wire_wr_u16(struct wire_wr *w, uint16_t v)
{
	if (!wire_wr_need(w, 2))
		return;
	w->pos[0] = (uint8_t)(v >> 8);
	w->pos[1] = (uint8_t)v;
	w->pos += 2;
}

static inline void
wire_wr_u32(struct wire_wr *w, uint32_t v)
{
	if (!wire_wr_need(w, 4))
		return;
	w->pos[0] = (uint8_t)(v >> 24);
	w->pos[1] = (uint8_t)(v >> 16);
	w->pos[2] = (uint8_t)(v >> 8);
	w->pos[3] = (uint8_t)v;
	w->pos += 4;
}

static inline void
wire_wr_bytes(struct wire_wr *w, const void *src, size_t n)
{
	if (!wire_wr_need(w, n))
		return;
	if (n)
		memcpy(w->pos, src, n);
	w->pos += n;
}

/* Overwrite a u16 at absolute offset off (already written). */
static inline void
wire_wr_u16_at(struct wire_wr *w, size_t off, uint16_t v)
{
	if (w->err || off + 2 > (size_t)(w->pos - w->base))
		return;
	w->base[off] = (uint8_t)(v >> 8);
	w->base[off + 1] = (uint8_t)v;
}

/* Read a big-endian u16 or u32 from memory already known to be in bounds. */
static inline uint16_t
wire_get_u16(const uint8_t *p)
{
	return (uint16_t)((p[0] << 8) | p[1]);
}

static inline uint32_t
wire_get_u32(const uint8_t *p)
{
	return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) |
	    ((uint32_t)p[2] << 8) | p[3];
}

static inline void
wire_put_u16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static inline void
wire_put_u32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

#endif
