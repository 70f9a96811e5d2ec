// Links from the explanations to the page "Sources et choix de modélisation": every "sources n° 27"
// opens /sources#source-27, every modelling choice (MC) /sources#mc-<NAME> (or the list of
// choices when the explanation does not say which one).
import { Fragment, type ReactNode } from 'react';
import { Link, useLocation } from 'react-router';
import { MODELLING_CHOICES, type ModellingChoiceName } from '../../shared/domain/rules';
import { modellingChoiceAnchor, sourceAnchor, sourceById } from '../../shared/domain/rules/sources';

export const SOURCES_PATH = '/sources';
/** Anchor of the list of modelling choices on the sources page. */
export const CHOICES_ANCHOR = 'choix-de-modelisation';

/** Where the link was followed from, so the sources page can offer the way back. */
export interface SourcesLinkState {
  from: string;
}

function useFrom(): SourcesLinkState {
  const loc = useLocation();
  return { from: `${loc.pathname}${loc.search}` };
}

export function isModellingChoiceName(name: unknown): name is ModellingChoiceName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(MODELLING_CHOICES, name);
}

/** One source number, as a link to its entry. */
export function SourceLink({ id }: { id: number }) {
  const state = useFrom();
  const known = sourceById(id);
  return (
    <Link
      to={`${SOURCES_PATH}#${sourceAnchor(id)}`}
      state={state}
      className="source-link"
      title={known ? known.title : `Source n° ${id}`}
      aria-label={`Source n° ${id}${known ? ` : ${known.title}` : ''}`}
    >
      {id}
    </Link>
  );
}

/** "sources n° 7, 8, 9", each number a link. */
export function SourceRefs({ ids, className = 'small' }: { ids: readonly number[]; className?: string }) {
  if (ids.length === 0) return null;
  return (
    <span className={className}>
      {' '}
      sources n°{' '}
      {ids.map((id, i) => (
        <Fragment key={id}>
          {i > 0 && ', '}
          <SourceLink id={id} />
        </Fragment>
      ))}
    </span>
  );
}

/** A link to one modelling choice, or to the list of them when `name` is unknown. */
export function ChoiceLink({ name, children }: { name?: ModellingChoiceName | null; children: ReactNode }) {
  const state = useFrom();
  const anchor = name ? modellingChoiceAnchor(name) : CHOICES_ANCHOR;
  return (
    <Link to={`${SOURCES_PATH}#${anchor}`} state={state} className="source-link" title={name ? `Choix de modélisation ${name}` : 'Choix de modélisation de l’application'}>
      {children}
    </Link>
  );
}

/** The only modelling choice of a reference section ("§4"), if exactly one. */
function choiceOfSection(section: string): ModellingChoiceName | null {
  const names = (Object.keys(MODELLING_CHOICES) as ModellingChoiceName[]).filter((n) =>
    MODELLING_CHOICES[n].section.split(/,\s*/).includes(section),
  );
  return names.length === 1 ? names[0] : null;
}

// "[8]", "[22, 27]": source numbers in the notes of the rule tables; "choix de modélisation, §4".
const MENTION = /\[(\d+(?:,\s*\d+)*)\]|choix de modélisation(?:, (§[\d.]+))?/g;

/**
 * Text of an explanation with its mentions turned into links: source numbers in brackets (when
 * every number is a known source) and "choix de modélisation" (to the choice of that section).
 */
export function LinkedText({ text }: { text: string }) {
  const parts: ReactNode[] = [];
  let last = 0;
  for (const m of text.matchAll(MENTION)) {
    const at = m.index;
    if (m[1] !== undefined) {
      const ids = m[1].split(',').map((x) => Number(x.trim()));
      if (!ids.every((id) => sourceById(id) !== undefined)) continue;
      parts.push(text.slice(last, at), '[');
      ids.forEach((id, i) => parts.push(i > 0 ? ', ' : '', <SourceLink key={`${at}-${id}`} id={id} />));
      parts.push(']');
    } else {
      parts.push(
        text.slice(last, at),
        <ChoiceLink key={at} name={m[2] ? choiceOfSection(m[2]) : null}>
          {m[0]}
        </ChoiceLink>,
      );
    }
    last = at + m[0].length;
  }
  if (last === 0) return <>{text}</>;
  parts.push(text.slice(last));
  return (
    <>
      {parts.map((p, i) => (
        <Fragment key={i}>{p}</Fragment>
      ))}
    </>
  );
}
