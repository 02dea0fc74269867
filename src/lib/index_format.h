/* SPDX-License-Identifier: MIT */
/*
 * index_format.h - THE description of the on-disk index, shared by
 * index_writer.c, index_merge.c and index_reader.c. Format version 2.
 *
 * All integers are little-endian; "varint" is unsigned LEB128 (at most 10
 * bytes); "str" is a varint byte length followed by that many UTF-8 bytes.
 * Encoding goes through the put/get functions of buf.h and varint.h, never
 * through structs.
 *
 *   file      := header section_table section*
 *   header    := magic[8] = 89 'E' 'N' 'T' 'I' 'D' 'X' 0A
 *                version:u32 (= 2)  flags:u32 (0)  gazetteer_fingerprint:u64
 *                n_entities:u32  n_docs:u32  n_sections:u32 (= 13)
 *                header_crc:u32    -- CRC-32 of the 36 bytes before it and of
 *                                     the section table
 *   section_table := n_sections * (kind:u32 crc:u32 offset:u64 length:u64)
 *                    kinds 1..13 in this order; sections are contiguous, in
 *                    order, starting right after the table; crc = CRC-32 of
 *                    the section's bytes
 *
 *   1 ENTITIES       the entity table, as in gazetteer_int.h:
 *                    varint n; n * (str id, str type, str name,
 *                    varint n_aliases, str*, varint n_attrs, (str name, str value)*)
 *                    Its 64-bit hash (entidx_hash) is the gazetteer fingerprint.
 *   2 SOURCES        varint n; n * str path: the input files, in reading
 *                    order; consecutive documents of one file share an entry
 *   3 DOCS           per document: str id, str title, str date, str url,
 *                    varint source (index into SOURCES), varint line (of the
 *                    record in its source, from 1)
 *   4 DOC_INDEX      n_docs * u64: offset of each document record in DOCS
 *   5 FORWARD        per document: varint n, then n * (varint entity_delta,
 *                    varint count): its entities, increasing (the first delta
 *                    is the entity number), count >= 1 mentions
 *   6 FWD_INDEX      n_docs * u64: offset of each document's list in FORWARD
 *   7 POSTINGS       per entity with n_docs > 0, its postings back to back:
 *                      posting := varint doc_delta, varint count,
 *                                 varint tail_len, tail
 *                      tail    := varint n_sent, n_sent * varint sent_delta,
 *                                 count * varint pos_delta
 *                    (tail_len: the tail's bytes, so a reader steps over
 *                    sentences and positions it does not need)
 *                    doc_delta: the document number for the first posting,
 *                    then the (> 0) difference to the previous one; count >= 1
 *                    mentions; 1 <= n_sent <= count distinct sentence numbers
 *                    (tagger numbering, from 0), increasing: the first delta
 *                    is the number, the next ones are > 0; the token
 *                    positions of the count mentions (document-wide token
 *                    numbers, as the tagger counts them), non-decreasing:
 *                    the first delta is the position
 *   8 POSTINGS_INDEX n_entities * (offset:u64 n_docs:u32 n_mentions:u64
 *                    skip:u64): where the entity's postings start in POSTINGS
 *                    and its skip entries in SKIPS
 *   9 SKIPS          per entity with n_docs > 128: (n_docs - 1) / 128 entries
 *                    (doc:u32 offset:u64); entry k names posting 128 * (k + 1):
 *                    its document number and its offset from the entity's
 *                    first posting, so a reader can jump past runs of
 *                    documents without decoding them
 *  10 KEYS           for every name and alias of the entity table, in its
 *                    order (each entity's name, then its aliases):
 *                    varint 2 * n_tokens + possessive (1 when the string
 *                    ends in 's), varint shapes (3 bits a token), str key
 *                    (the folded tokens joined by 0x1F), and for an alias
 *                    flagged stem str stemmed_key; so loading the whole
 *                    entity table from an index needs no tokenizing
 *  11 ENTITY_INDEX   n_entities * u64: offset of each entity's record in
 *                    ENTITIES, so one entity is read without the others
 *  12 NAMES          str stem_language ("" when no alias is flagged stem),
 *                    then a mapped hash table (maptable.h) from each folded
 *                    key (or stemmed key) that has aliases to the aliases
 *                    stored under it, in dictionary order:
 *                      varint n, n * (varint entity, varint k (0: the
 *                      entity's name, k: its alias k - 1), u8 rule (case rule,
 *                      gazetteer_int.h), u8 flags, varint 2 * n_tokens +
 *                      possessive, varint shapes)
 *                    so a query resolves a name by probing the mapped file
 *  13 IDS            a mapped hash table from each entity id to varint entity
 *
 * Opening an index reads the header and the section table only; entity
 * records, names and ids are read (and checked) when first used, and
 * entidx_index_verify() checks that sections 10..13 are exactly what the
 * entity table gives.
 *
 * Documents are numbered 0.. in input order; entities 0.. in gazetteer order.
 * The bytes depend only on the entity table, the documents and their
 * mentions: not on threads, memory limits or how the index was split in
 * shards and merged.
 */
#ifndef ENTIDX_INDEX_FORMAT_H
#define ENTIDX_INDEX_FORMAT_H

#define ENTIDX_INDEX_MAGIC \
    "\x89"                 \
    "ENTIDX\n"
#define ENTIDX_INDEX_MAGIC_LEN   8
#define ENTIDX_INDEX_VERSION     2u
#define ENTIDX_INDEX_HEADER_LEN  40u
#define ENTIDX_INDEX_SECTION_LEN 24u
#define ENTIDX_INDEX_N_SECTIONS  13u
#define ENTIDX_INDEX_POSTING_DIR 28u  /* bytes per POSTINGS_INDEX entry */
#define ENTIDX_INDEX_SKIP_EVERY  128u /* postings between skip entries */
#define ENTIDX_INDEX_SKIP_LEN    12u  /* bytes per SKIPS entry */

enum {
    ENTIDX_SEC_ENTITIES = 1,
    ENTIDX_SEC_SOURCES,
    ENTIDX_SEC_DOCS,
    ENTIDX_SEC_DOC_INDEX,
    ENTIDX_SEC_FORWARD,
    ENTIDX_SEC_FWD_INDEX,
    ENTIDX_SEC_POSTINGS,
    ENTIDX_SEC_POSTINGS_INDEX,
    ENTIDX_SEC_SKIPS,
    ENTIDX_SEC_KEYS,
    ENTIDX_SEC_ENTITY_INDEX,
    ENTIDX_SEC_NAMES,
    ENTIDX_SEC_IDS
};

#endif
