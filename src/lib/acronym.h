/* SPDX-License-Identifier: MIT */
/*
 * acronym.h - acronyms that a document defines for itself.
 *
 * News spells a name out before its acronym: "the Farm Credit
 * Administration (FCA)". A careful reader then takes FCA for that
 * administration in the whole document, not for the gazetteer's Financial
 * Conduct Authority; and "the World Trade Organisation (WTO)" confirms the
 * gazetteer's WTO. These functions find such a definition in raw text and
 * compare its words with an entity's names; the tagger asks them (once per
 * acronym and document) when it matches an alias written in capitals.
 */
#ifndef ENTIDX_ACRONYM_H
#define ENTIDX_ACRONYM_H

#include <stddef.h>

#define ENTIDX_ACRONYM_MAX 10 /* letters: a longer word in capitals is not looked at */

/*
 * Does text[0, len) define the acronym acro[0, n) (as the text writes it,
 * "FCA" or "U.S.")? A definition is "(" acro ")", or a stock ticker "<" acro
 * ">" as Reuters writes them ("Chinese Petroleum Corp <CPC>"), right after a
 * run of words (spaces or line feeds between them) whose initials spell
 * acro's capitals: each word capitalised, or a function word that gives no
 * letter ("of", "and", "the", "for", "de", "&"...) inside the run; a dotted
 * abbreviation gives each of its letters ("U.S. Department of Agriculture
 * (USDA)"). On the first one found, *run and *run_len are set to the run's
 * bytes and the result is 1; else 0. An acronym with digits or of more than
 * ENTIDX_ACRONYM_MAX capitals has no definition.
 */
int entidx__acronym_definition(const char *text, size_t len, const char *acro, size_t n,
                               const char **run, size_t *run_len);

/*
 * Is run[0, run_len), a definition's words, the name `name`: its words,
 * function words aside, alike the name's words, or (two words or more) its
 * first or last words ("Environmental Protection Agency" in "United States
 * Environmental Protection Agency", "Centers for Disease Control" in
 * "Centers for Disease Control and Prevention")? Two words are alike when one
 * is a prefix of the other ("Co", "Company") or they begin with the same four
 * letters ("Organisation", "Organization"), letter case, dots and a
 * possessive "'s" aside. A dotted abbreviation counts as one word per letter
 * ("U.S." is "United States"), and a hyphen before a capital parts two words
 * ("France-Presse").
 */
int entidx__acronym_run_is(const char *run, size_t run_len, const char *name);

#endif
