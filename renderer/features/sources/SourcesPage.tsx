// "Sources et choix de modélisation": every source the rule tables cite (reference §12), with its
// title and addresses, and every modelling choice (MC) with its current value and why. The
// explanations link here (#source-27, #mc-PRORATA_UNIT).
import { useEffect } from 'react';
import { useLocation, useNavigate } from 'react-router';
import { MODELLING_CHOICES, TAGS, TAG_LABELS, type ModellingChoiceName } from '../../../shared/domain/rules';
import { SOURCES, modellingChoiceAnchor, sourceAnchor } from '../../../shared/domain/rules/sources';
import { isIsoDate } from '../../../shared/dates';
import { PageHeader } from '../../components/ui';
import { TagBadge } from '../../components/money';
import { CHOICES_ANCHOR, type SourcesLinkState } from '../../components/sources';
import { date, integer } from '../../i18n/format';

/** French words for the values of the modelling choices (the code's own value is shown beside). */
const VALUE_WORDS: Record<string, string> = {
  inForceOnFirstDayOfYear: 'texte en vigueur le premier jour de l’année contractuelle',
  latestOnOrBeforeYearStart: 'dernière population connue au premier jour de l’année',
  avenantInForceDate: 'à partir de l’entrée en vigueur de l’avenant',
  days: 'jours calendaires',
  months: 'mois commencés',
  anniversaryEndingTheYear: 'à la date anniversaire qui clôt l’année',
  anniversaryOrLaterDialogue: 'à la date anniversaire, ou à la date du dialogue s’il se tient après',
  halfUpToTheCent: 'au centime, demi-centime arrondi au-dessus',
  firstFundedYear: 'première année contractuelle financée',
  fromNextContractYear: 'à partir de l’année contractuelle suivante',
  t2IncludesLowerBound: 'la taille 2 commence à 40 000 habitants inclus',
  t2IncludesUpperBound: 'la taille 2 va jusqu’à 80 000 habitants inclus',
  t3IncludesUpperBound: 'la taille 3 va jusqu’à 175 000 habitants inclus',
};

function valueText(v: unknown): string {
  if (typeof v === 'boolean') return v ? 'oui' : 'non';
  if (typeof v === 'number') return integer(v);
  if (typeof v === 'string') return isIsoDate(v) ? date(v) : (VALUE_WORDS[v] ?? v);
  if (v !== null && typeof v === 'object') {
    return Object.entries(v)
      .map(([k, x]) => (typeof x === 'boolean' && k in VALUE_WORDS ? `${VALUE_WORDS[k]} : ${valueText(x)}` : `${k} : ${valueText(x)}`))
      .join(' ; ');
  }
  return String(v);
}

function codeText(v: unknown): string {
  return typeof v === 'string' ? v : JSON.stringify(v);
}

function isLinkState(s: unknown): s is SourcesLinkState {
  return typeof s === 'object' && s !== null && 'from' in s && typeof s.from === 'string';
}

export function SourcesPage() {
  const { hash, state } = useLocation();
  const navigate = useNavigate();
  const target = decodeURIComponent(hash.replace(/^#/, ''));

  useEffect(() => {
    if (!target) return;
    const el = document.getElementById(target);
    if (!el) return;
    el.scrollIntoView({ block: 'start' });
    el.focus({ preventScroll: true });
  }, [target]);

  const names = Object.keys(MODELLING_CHOICES) as ModellingChoiceName[];
  const cls = (anchor: string) => (anchor === target ? 'is-target' : undefined);

  return (
    <>
      <PageHeader
        title="Sources et choix de modélisation"
        subtitle="D’où viennent les montants et les règles de l’application : les sources numérotées de la référence ACI, et les choix que l’application a dû faire là où aucune source n’a été trouvée."
        actions={
          isLinkState(state) ? (
            <button type="button" className="button" onClick={() => void navigate(-1)}>
              ← Revenir à la page précédente
            </button>
          ) : undefined
        }
      />
      <section className="card sources-card">
        <h2 id="etiquettes">Étiquettes de vérification</h2>
        <p className="muted small">Chaque montant des tables nationales porte une étiquette qui dit à quel point il est vérifié.</p>
        <dl className="tag-legend">
          {TAGS.map((t) => (
            <div key={t}>
              <dt>
                <TagBadge tag={t} />
              </dt>
              <dd>{TAG_LABELS[t]}</dd>
            </div>
          ))}
        </dl>
      </section>

      <section className="card sources-card" aria-labelledby="sources-title">
        <h2 id="sources-title">Sources</h2>
        <p className="muted small">Numérotées comme dans la référence ACI de l’application (§ 12) ; les explications des montants les citent par leur numéro.</p>
        <ol className="sources-list" aria-label="Sources">
          {SOURCES.map((s) => (
            <li key={s.id} id={sourceAnchor(s.id)} tabIndex={-1} className={cls(sourceAnchor(s.id))}>
              <span className="sources-no">n° {s.id}</span>
              <div>
                <div className="sources-title">{s.title}</div>
                {s.caution && <div className="warn-text small">{s.caution}</div>}
                {s.links.length > 0 && (
                  <ul className="sources-links">
                    {s.links.map((l) => (
                      <li key={l.url}>
                        {l.label && <span className="muted">{l.label} : </span>}
                        <a href={l.url} target="_blank" rel="noreferrer noopener">
                          {l.url}
                        </a>
                      </li>
                    ))}
                  </ul>
                )}
              </div>
            </li>
          ))}
        </ol>
      </section>

      <section className="card sources-card" aria-labelledby={CHOICES_ANCHOR}>
        <h2 id={CHOICES_ANCHOR} tabIndex={-1}>
          Choix de modélisation <TagBadge tag="MC" />
        </h2>
        <p className="muted small">
          Règles pour lesquelles aucune source n’a été trouvée : l’application les fixe elle-même, chacune en un seul endroit du code, et les signale « MC » dans
          les explications.
        </p>
        <ul className="sources-list choices-list" aria-label="Choix de modélisation">
          {names.map((n) => {
            const c = MODELLING_CHOICES[n];
            return (
              <li key={n} id={modellingChoiceAnchor(n)} tabIndex={-1} className={cls(modellingChoiceAnchor(n))}>
                <span className="sources-no">
                  <code>{n}</code>
                </span>
                <div>
                  <div className="sources-title">
                    Valeur actuelle : <strong>{valueText(c.value)}</strong> <code className="muted small">{codeText(c.value)}</code>
                  </div>
                  <div>{c.description}</div>
                  <div className="muted small">Référence ACI, {c.section}</div>
                </div>
              </li>
            );
          })}
        </ul>
      </section>
    </>
  );
}
