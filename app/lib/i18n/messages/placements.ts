/** Messages of one area of the portal; nb.ts and en.ts take them in. */
export const placementsNb = {
  "participant.findActivity": "Finn en aktivitet",
  "participant.suggestionsLead": "Forslagene under bygger på interessene og alderen.",
  "participant.searchAll": "Søk blant alle aktiviteter med avtale",

  "placementSearch.title": "Finn en aktivitet",
  "placementSearch.heading": "Finn en aktivitet for {name}",
  "placementSearch.back": "Tilbake til {name}",
  "placementSearch.lead":
    "Her er alle aktivitetene som har en aktiv samarbeidsavtale med kommunen, også de som ikke passer med interessene. Søk på navnet til aktiviteten eller organisasjonen, eller velg kategori og dag.",
  "placementSearch.interests": "Interessene til {name}: {interests}",
  "placementSearch.filters": "Søk etter aktiviteter",
  "placementSearch.submit": "Søk",
  "placementSearch.reset": "Vis alle aktivitetene",
  "placementSearch.none": "Ingen aktiviteter med aktiv avtale passer med søket.",
  "placementSearch.noneAtAll": "Kommunen har ingen aktive avtaler som gjelder aktiviteter ennå.",
  "placementSearch.by": "{organisation} · {category}",
  "placementSearch.matches": "Passer med interessene: {interests}",
  "placementSearch.outsideAges": "Utenfor aldersgruppen: {name} fyller {age} år i år.",
  "placementSearch.alreadyPlaced": "{name} har allerede et tiltak her.",
};
