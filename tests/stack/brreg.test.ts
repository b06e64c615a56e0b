import { describe, expect, it } from "vitest";
import { readEntityAnswer, readSigningAuthority } from "../../app/lib/register";
import { BRREG_URL } from "../support/env";
import { registerNumbers } from "../support/register";

const get = async (path: string) => {
  const response = await fetch(`${BRREG_URL}/enhetsregisteret/api/enheter/${path}`);
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
};

describe("the stack's stand-in for Enhetsregisteret", () => {
  it("answers a demo club in the real API's shape", async () => {
    const { status, body } = await get("912345602");
    expect(status).toBe(200);
    expect(body).toMatchObject({
      organisasjonsnummer: "912345602",
      navn: "Kongsberg Klatreklubb",
      organisasjonsform: { kode: "FLI", beskrivelse: "Forening/lag/innretning" },
      forretningsadresse: {
        adresse: ["Gamle Gomsrudveg 2"],
        postnummer: "3616",
        poststed: "KONGSBERG",
        kommunenummer: "3303",
      },
      postadresse: { adresse: ["Postboks 112"], postnummer: "3602" },
      registrertIFrivillighetsregisteret: true,
      konkurs: false,
      underAvvikling: false,
      underTvangsavviklingEllerTvangsopplosning: false,
    });
    expect(readEntityAnswer(status, body).outcome).toBe("found");
  });

  it("flags the demo club being wound up and the bankrupt test number", async () => {
    expect((await get("915001114")).body).toMatchObject({ navn: "Kongsberg Bowlingklubb", underAvvikling: true });
    expect((await get(registerNumbers.bankrupt)).body).toMatchObject({ konkurs: true });
  });

  it("answers 410 with a body for a deleted entity, 404 for an unknown number and 400 for a malformed one", async () => {
    const deleted = await get(registerNumbers.deleted);
    expect(deleted.status).toBe(410);
    expect(deleted.body).toMatchObject({ organisasjonsnummer: registerNumbers.deleted, slettedato: "2025-03-01" });
    expect(readEntityAnswer(deleted.status, deleted.body).outcome).toBe("deleted");
    expect((await get("991000089")).status).toBe(404);
    expect((await get("12345")).status).toBe(400);
  });

  it("answers the roles in rollegrupper, with the demo leader as board chair", async () => {
    const { status, body } = await get("912345602/roller");
    expect(status).toBe(200);
    expect(body.rollegrupper).toEqual([
      expect.objectContaining({
        type: expect.objectContaining({ kode: "STYR" }),
        roller: expect.arrayContaining([
          expect.objectContaining({
            type: expect.objectContaining({ kode: "LEDE" }),
            person: expect.objectContaining({ navn: { fornavn: "Lena", etternavn: "Leder" } }),
            fratraadt: false,
          }),
        ]),
      }),
    ]);
    expect(readSigningAuthority(body)).toEqual([
      { name: "Lena Leder", role: "LEDE", given: ["Lena"], family: "Leder" },
    ]);
    expect(
      readSigningAuthority((await get(`${registerNumbers.roles}/roller`)).body)?.map((holder) => holder.role),
    ).toEqual(["DAGL", "LEDE", "SIGN"]);
  });
});
