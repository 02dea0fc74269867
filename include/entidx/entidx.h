/* SPDX-License-Identifier: MIT */
/*
 * entidx/entidx.h - the whole public API of libentidx.
 */
#ifndef ENTIDX_ENTIDX_H
#define ENTIDX_ENTIDX_H

#include "common.h"
#include "error.h"
#include "gazetteer.h"
#include "tagger.h"
#include "reader.h"
#include "index.h"
#include "query.h"
#include "cooc.h"
#include "table.h"
#include "report.h"

#endif
