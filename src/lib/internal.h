/* SPDX-License-Identifier: MIT */
/*
 * internal.h - included first by every library source file: common includes,
 * small helper macros and the allocator and error-raising entry points.
 */
#ifndef ENTIDX_INTERNAL_H
#define ENTIDX_INTERNAL_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "entidx/common.h"
#include "entidx/error.h"
#include "alloc.h"
#include "error_int.h"

#define ENTIDX_ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define ENTIDX_MIN(a, b)     ((a) < (b) ? (a) : (b))
#define ENTIDX_MAX(a, b)     ((a) > (b) ? (a) : (b))

#endif
