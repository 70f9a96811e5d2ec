/**
 * The sources of the rule tables: the numbered list of ACI-reference.md §12, which every
 * `sourceIds` of a figure refers to ("sources n° 27"). Shown in the app on the page "Sources et
 * choix de modélisation"; tests/unit/domain/sources.test.ts checks that every number used by a
 * rule table is here. Numbers 3 and 19 are absent from the reference: they are not reused.
 */

export interface SourceLink {
  /** What this address supports, when a source has several. */
  readonly label?: string;
  readonly url: string;
}

export interface ReferenceSource {
  /** Number in the reference's §12. */
  readonly id: number;
  /** French title: what the source states. */
  readonly title: string;
  /** Public addresses (none for source 27, a non-identified repository). */
  readonly links: readonly SourceLink[];
  /** How far to trust it, when the reference says so. */
  readonly caution?: string;
}

const s = (id: number, title: string, links: readonly (string | SourceLink)[], caution?: string): ReferenceSource => {
  const l = links.map((x) => (typeof x === 'string' ? { url: x } : x));
  return caution === undefined ? { id, title, links: l } : { id, title, links: l, caution };
};

export const SOURCES: readonly ReferenceSource[] = [
  s(1, 'Annexe de l’ACI 2019 : fin de l’article 8 (« point d’étape » après 2 ans) et article 9.1 (versements), JORF n° 0196 du 24 août 2019', [
    'https://juriblio.fr/arretes/arrete-du-21-aout-2019/173172467/annexe/307390210',
  ]),
  s(2, 'Arrêté du 21 août 2019 (texte au JO, NOR ; accord signé le 20 juin 2019)', [
    'https://fr.slideshare.net/slideshow/accord-national-sur-les-aides-aux-cpts/166488861',
    'https://www.lagazettedescommunes.com/635581/deploiement-des-communautes-professionnelles-territoriales-de-sante/',
  ]),
  s(4, 'Note de la CNAM sur l’ACI (signature du 20 juin 2019)', [
    'https://123dok.net/document/y4wrknx5-accord-conventionnel-interprofessionnel-faveur-d%C3%A9ploiement-communaut%C3%A9s-professionnelles-territoriales.html',
  ]),
  s(5, 'Entrée en vigueur de l’ACI le 25 août 2019', [
    'https://lescentresdesante.com/communaute-professionnelle-territoriale-de-sante-cpts-episode-2-organisation-generale-et-financement-des-cpts',
  ]),
  s(6, 'Rapport de la MECSS du Sénat (2025)', [
    { label: 'règles de versement, 50 à 90 k€', url: 'https://www.senat.fr/rap/r25-032/r25-0325.html' },
    { label: 'avance annuelle de 75 %, libre emploi des fonds', url: 'https://www.senat.fr/rap/r25-032/r25-0327.html' },
    { label: 'fonds antérieurs à l’ACI, dialogue de gestion', url: 'https://conferenceconsensuslogement.senat.fr/rap/r25-032/r25-0321.html' },
    { label: 'consommation par enveloppe', url: 'https://www.senat.fr/rap/r25-032/r25-0326.html' },
    { label: 'missions socle et optionnelles', url: 'https://conferenceconsensuslogement.senat.fr/compte-rendu-commissions/20251006/mecss.html' },
  ]),
  s(7, 'Tailles et délais des missions (dont crises sanitaires : 6 et 18 mois), page mise à jour le 30/11/2023', [
    'https://www.hauts-de-france.paps.sante.fr/le-financement-de-la-cpts-laccord-conventionnel-interprofessionnel-aci?parent=11940&rubrique=11937',
  ]),
  s(8, 'Maxima 2019 avec les soins non programmés (220 000 / 287 000 / 370 000 / 450 000 €)', [
    'https://medecine-generale.lequotidiendumedecin.fr/actus-medicales/politique-de-sante/missions-financement-montants-le-ba-ba',
  ]),
  s(9, 'Fonctionnement 50 / 60 / 75 / 90 k€, « montants d’amorçage actuels »', [
    'https://leconcoursmedical.fr:443/content/3246-cpts-hausse-de-50-des-credits-damorcage',
    'http://www.leconcoursmedical.fr/initiatives/3252-negociations-interprofessionnelles-aci-cpts-la-cnam-devoile-son-jeu',
  ]),
  s(10, 'Propositions de novembre 2020 (lettre d’intention 15 / 17,5 / 25 / 30 k€ ; plan de crise 25 à 50 k€ la première année, 50 % pour les mises à jour)', [
    'https://www.concourspluripro.fr/exercice-pluriprofessionnel/cpts/cpts-la-cnam-gonfle-encore-lenveloppe',
    'http://www.leconcoursmedical.fr/initiatives/3278-negos-interprofessionnelles-cpts-la-cnam-gonfle-encore-lenveloppe',
  ]),
  s(11, 'Proposition de fonctionnement à +75 % (87,5 / 105 / 131,25 / 157,5 k€)', [
    'http://lepharmaciendefrance.fr/actualite-web/la-cnam-remet-au-pot-pour-booster-les-cpts',
    'https://rhumatologie.lequotidiendumedecin.fr/liberal/assurance-maladie/accord-interpro-le-nouveau-compromis-que-propose-la-cnam',
    'https://fmfpro.org/?p=2134',
  ]),
  s(12, 'Mission crises sanitaires : 50 000 à 100 000 € selon la taille (document de travail d’octobre 2020)', [
    'https://www.legeneraliste.fr/actu-pro/vie-conventionnelle/les-cpts-pourraient-recevoir-jusqua-100-000-euros-pour-la-gestion-des-crises-sanitaires',
  ]),
  s(13, 'Avenant 2 signé le 20 décembre 2021 ; 4 missions socle', [
    'https://www.ameli.fr/orthophoniste/actualites/aci-signature-d-un-avenant-favorisant-l-exercice-coordonne-et-la-creation-de-cpts',
  ]),
  s(14, 'Avenant 2 : taille 4 à 580 000 € au lieu de 450 000 € ; service d’accès aux soins (SAS)', [
    'http://lepharmaciendefrance.fr/actualite-web/cpts-des-mesures-incitatives',
  ]),
  s(15, 'Mêmes éléments (SML)', ['https://lesml.org/fr/216-les-articles-du-sml.php?id=794']),
  s(16, 'Avenant 2 publié au JO du 31 mars 2022', ['https://acoorde.fr/?p=336']),
  s(17, 'Avis portant approbation de l’avenant 2', ['https://www.legifrance.gouv.fr/jorf/id/JORFTEXT000045443303']),
  s(18, 'Synthèse de l’avenant 2 ; négociation de 2021 (SAS)', [
    { label: 'synthèse de l’avenant 2', url: 'https://www.paymed.pro/avenant-2-aci-cpts' },
    {
      label: 'négociation de 2021 (SAS)',
      url: 'https://static2.lequotidiendumedecin.fr/liberal-soins-de-ville/assurance-maladie/negociations-aci-cpts-un-texte-actualise-bientot-propose-au-vote',
    },
  ]),
  s(20, 'Décret 2022-375 : plafond du PASS (43 992 € en 2023), contrat tripartite de 5 ans', [
    'https://www.concourspluripro.fr/droit-et-gestion/questions-juridiques/aci-quest-ce-quune-cpts-gagne-le-signer',
  ]),
  s(21, 'Le dialogue de gestion tel qu’il se pratique', [
    'https://www.concourspluripro.fr/exercice-pluriprofessionnel/cpts/le-dialogue-de-gestion-entre-assurance-maladie-et-professionnels',
  ]),
  s(22, 'Président d’une CPTS de taille 3 sur les parts variables (97 k€ socle, 122,5 k€ avec les missions optionnelles ; « la part variable est un bonus »)', [
    'https://fcpts.org/?p=6762',
  ]),
  s(23, 'Part variable évaluée en fin d’année sur les taux d’atteinte', ['https://www.apta-idf93.org/les-financements-de-la-cpts']),
  s(24, 'Contrat de 5 ans, « renouvelable »', ['https://medaviz.com/?p=85138']),
  s(25, 'Changements de taille ; les CPAM vérifient les populations ; 567 ACI signés', [
    'https://www.concourspluripro.fr/exercice-pluriprofessionnel/cpts/faut-il-quon-suse-tous-pour-aller-chercher-limpossible-david',
  ]),
  s(26, 'Projet de la CNAM d’avril 2019 (autres tailles ; ce n’est pas le texte signé)', [
    'https://www.univadis.fr/viewarticle/les-cpts-prennent-forme-sur-le-papier-de-la-cnam-665724',
  ]),
  s(
    27,
    'Observé (OBS) : deux annexes de contrats 2025-2026 (année 5) de deux CPTS de taille 3 de Seine-Saint-Denis, publiées comme données publiques sur GitHub. Chaque mission y a une part fixe et une part variable, avec des montants en euros par indicateur.',
    [],
    'Dépôt non identifié : pas d’adresse à citer.',
  ),
  s(28, 'La FCPTS demande des enveloppes fongibles (APM, 10 avril 2025)', [
    'https://www.sfmu.org/fr/actualites/actualites-de-l-urgences/cpts-une-consommation-heterogene-des-credits-par-mission-qui-milite-pour-plus-de-souplesse-federation-des-cpts-/new_id/70395',
  ]),
  s(29, 'Financement des CPTS (article de cabinet)', ['https://cabinetmoncab.fr/articles/financement-cpts'], 'Peu fiable : contredit les sources n° 13 et 16.'),
];

const BY_ID = new Map(SOURCES.map((x) => [x.id, x]));

export function sourceById(id: number): ReferenceSource | undefined {
  return BY_ID.get(id);
}

/** Anchor of a source on the sources page: "source-27". */
export function sourceAnchor(id: number): string {
  return `source-${id}`;
}

/** Anchor of a modelling choice on the sources page: "mc-PRORATA_UNIT". */
export function modellingChoiceAnchor(name: string): string {
  return `mc-${name}`;
}
