/* SPDX-License-Identifier: MIT */
/*
 * gazetteer_tables.c - the gazetteer's lookup structures in the index's
 * mapped form (index_format.h: ENTITY_INDEX, NAMES, IDS), written by the
 * index writer so that a query resolves names without loading the entity
 * table.
 */
#include "internal.h"
#include "gazetteer_int.h"
#include "maptable.h"

/* The position of an alias among its entity's strings: 0 for the name, k + 1 for alias k. */
static uint32_t alias_ordinal(const entidx_gazetteer *gz, const entidx_gz_alias *a)
{
    const entidx_gz_entity *e = &gz->ents[a->entity];
    if (a->text == e->name)
        return 0;
    for (uint32_t k = 0; k < e->n_aliases; k++) {
        if (gz->alias_strs[e->alias0 + k].text == a->text)
            return k + 1;
    }
    return 0; /* not reached: every alias record comes from the entity's strings */
}

int entidx__gazetteer_serialize_names(const entidx_gazetteer *gz, entidx_buf *out)
{
    entidx_maptable_builder t = ENTIDX_MAPTABLE_BUILDER_INIT;
    const entidx_dict_slot **by_key = NULL;
    entidx_buf value = ENTIDX_BUF_INIT;
    const char *lang = gz->has_stem ? gz->stem_language : "";
    int rc;

    if ((rc = entidx_buf_put_varint(out, strlen(lang))) < 0 ||
        (rc = entidx_buf_put(out, lang, strlen(lang))) < 0)
        return rc;
    by_key = entidx_calloc(gz->n_keys ? gz->n_keys : 1, sizeof(*by_key));
    if (by_key == NULL)
        return ENTIDX_ENOMEM;
    for (size_t i = 0; i <= gz->keydict.mask && gz->keydict.slots != NULL; i++) {
        const entidx_dict_slot *s = &gz->keydict.slots[i];
        if (s->hash != 0 && s->value < gz->n_keys)
            by_key[s->value] = s;
    }
    for (size_t k = 0; k < gz->n_keys; k++) {
        const entidx_gz_key *key = &gz->keys[k];
        uint32_t n = 0;
        if (key->first == ENTIDX_GZ_NONE || by_key[k] == NULL)
            continue;
        for (uint32_t j = key->first; j != ENTIDX_GZ_NONE; j = gz->aliases[j].next)
            n++;
        entidx_buf_clear(&value);
        if ((rc = entidx_buf_put_varint(&value, n)) < 0)
            goto done;
        for (uint32_t j = key->first; j != ENTIDX_GZ_NONE; j = gz->aliases[j].next) {
            const entidx_gz_alias *a = &gz->aliases[j];
            if ((rc = entidx_buf_put_varint(&value, a->entity)) < 0 ||
                (rc = entidx_buf_put_varint(&value, alias_ordinal(gz, a))) < 0 ||
                (rc = entidx_buf_putc(&value, (char)a->rule)) < 0 ||
                (rc = entidx_buf_putc(&value, (char)a->flags)) < 0 ||
                (rc = entidx_buf_put_varint(&value, 2 * (uint64_t)a->n_tokens + a->possessive)) <
                    0 ||
                (rc = entidx_buf_put_varint(&value, a->shapes)) < 0)
                goto done;
        }
        if ((rc = entidx_maptable_add(&t, gz->keydict.keys.ptr + by_key[k]->key_off,
                                      by_key[k]->key_len, value.ptr, value.len)) < 0)
            goto done;
    }
    rc = entidx_maptable_write(&t, out);
done:
    entidx_free(by_key);
    entidx_buf_dispose(&value);
    entidx_maptable_builder_dispose(&t);
    return rc;
}

int entidx__gazetteer_serialize_ids(const entidx_gazetteer *gz, entidx_buf *out)
{
    entidx_maptable_builder t = ENTIDX_MAPTABLE_BUILDER_INIT;
    int rc = ENTIDX_OK;

    for (size_t e = 0; rc == ENTIDX_OK && e < gz->n_ents; e++) {
        uint8_t v[10];
        size_t n = entidx_varint_put(v, e);
        const char *id = gz->pool.ptr + gz->ents[e].id;
        rc = entidx_maptable_add(&t, id, strlen(id), v, n);
    }
    if (rc == ENTIDX_OK)
        rc = entidx_maptable_write(&t, out);
    entidx_maptable_builder_dispose(&t);
    return rc;
}

int entidx__entity_table_offsets(const void *data, size_t len, entidx_buf *out)
{
    entidx_cursor c;
    uint64_t n;

    entidx_cursor_init(&c, data, len);
    if (entidx_cursor_varint(&c, &n) < 0 || n > len)
        return ENTIDX_ECORRUPT;
    for (uint64_t i = 0; i < n; i++) {
        const char *s;
        uint32_t sl;
        uint64_t k;
        int rc;
        if ((rc = entidx_buf_put_u64le(out, (uint64_t)(c.p - (const uint8_t *)data))) < 0)
            return rc;
        for (int f = 0; f < 3; f++) {
            if (entidx_cursor_bytes(&c, &s, &sl) < 0)
                return ENTIDX_ECORRUPT;
        }
        for (int part = 0; part < 2; part++) { /* aliases, then attribute pairs */
            if (entidx_cursor_varint(&c, &k) < 0 || k > len)
                return ENTIDX_ECORRUPT;
            for (uint64_t j = 0; j < k * (part ? 2 : 1); j++) {
                if (entidx_cursor_bytes(&c, &s, &sl) < 0)
                    return ENTIDX_ECORRUPT;
            }
        }
    }
    return c.p == c.end ? ENTIDX_OK : ENTIDX_ECORRUPT;
}
