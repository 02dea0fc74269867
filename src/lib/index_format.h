/* SPDX-License-Identifier: MIT */
/*
 * index_format.h - THE description of the on-disk index, shared by
 * index_writer.c and index_reader.c. Format version 0 (the skeleton; issue #5
 * brings version 1 with positions and spilling).
 *
 * All integers are little-endian; "varint" is unsigned LEB128 (at most 10
 * bytes); "str" is a varint byte length followed by that many UTF-8 bytes.
 *
 *   file      := header section_table section*
 *   header    := magic[8] = 89 'E' 'N' 'T' 'I' 'D' 'X' 0A
 *                version:u32  flags:u32 (0)  gazetteer_fingerprint:u64
 *                n_entities:u32  n_docs:u32  n_sections:u32 (= 7)
 *                header_crc:u32    -- CRC-32 of the 36 bytes before it and of
 *                                     the section table
 *   section_table := n_sections * (kind:u32 crc:u32 offset:u64 length:u64)
 *                    kinds 1..7 in this order; sections are contiguous, in
 *                    order, starting right after the table; crc = CRC-32 of
 *                    the section's bytes
 *
 *   1 ENTITIES       the entity table, as in gazetteer_int.h:
 *                    varint n; n * (str id, str type, str name,
 *                    varint n_aliases, str*, varint n_attrs, (str name, str value)*)
 *                    Its 64-bit hash (entidx_hash) is the gazetteer fingerprint.
 *   2 DOC_INDEX      n_docs * u64: offset of each document record in DOCS
 *   3 DOCS           per document: str id, str title, str date, str url,
 *                    str source_path, varint source_line
 *   4 POSTINGS_INDEX n_entities * (offset:u64 n_docs:u32 n_mentions:u64): where
 *                    the entity's postings start in POSTINGS
 *   5 POSTINGS       per entity with n_docs > 0: n_docs * (varint doc_delta,
 *                    varint count); the first delta is the document number, the
 *                    next ones the (> 0) difference to the previous; count >= 1
 *                    mentions in that document
 *   6 FWD_INDEX      n_docs * u64: offset of each document's list in FORWARD
 *   7 FORWARD        per document: varint n, then n * (varint entity_delta,
 *                    varint count), entity numbers increasing as in POSTINGS
 *
 * Documents are numbered 0.. in input order; entities 0.. in gazetteer order.
 */
#ifndef ENTIDX_INDEX_FORMAT_H
#define ENTIDX_INDEX_FORMAT_H

#define ENTIDX_INDEX_MAGIC \
    "\x89"                 \
    "ENTIDX\n"
#define ENTIDX_INDEX_MAGIC_LEN   8
#define ENTIDX_INDEX_VERSION     0u
#define ENTIDX_INDEX_HEADER_LEN  40u
#define ENTIDX_INDEX_SECTION_LEN 24u
#define ENTIDX_INDEX_N_SECTIONS  7u
#define ENTIDX_INDEX_POSTING_DIR 20u /* bytes per POSTINGS_INDEX entry */

enum {
    ENTIDX_SEC_ENTITIES = 1,
    ENTIDX_SEC_DOC_INDEX,
    ENTIDX_SEC_DOCS,
    ENTIDX_SEC_POSTINGS_INDEX,
    ENTIDX_SEC_POSTINGS,
    ENTIDX_SEC_FWD_INDEX,
    ENTIDX_SEC_FORWARD
};

#endif
