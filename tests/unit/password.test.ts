import { describe, expect, it } from "vitest";
import { translate } from "../../app/lib/i18n";
import { passwordProblem } from "../../app/lib/password";

const reason = (password: string, context = {}) => passwordProblem(password, context)?.key ?? null;

describe("R14: new passwords", () => {
  it("R14: need at least 12 characters, counted as people count them", () => {
    expect(reason("password")).toBe("password.tooShort");
    expect(reason("12345678")).toBe("password.tooShort");
    expect(reason("ærlig-øy-1")).toBe("password.tooShort");
    expect(passwordProblem("kort")).toEqual({ key: "password.tooShort", params: { min: 12 } });
    expect(reason("å".repeat(37))).toBe("password.tooLong"); // 74 bytes: more than Auth's bcrypt reads
  });

  it("R14: refuse the common ones, also with digits and symbols added", () => {
    for (const common of [
      "password1234",
      "Passord12345",
      "Passord2024!!",
      "qwerty123456",
      "Velkommen123",
      "PASSWORDPASSWORD",
    ]) {
      expect(reason(common), common).toBe("password.common");
    }
    for (const simple of [
      "234567890123",
      "abcdefghijklm",
      "aaaaaaaaaaaa",
      "121212121212",
      "qwertyuiopåa",
      "0987654321098",
    ]) {
      expect(reason(simple), simple).toBe("password.tooSimple");
    }
  });

  it("R14: refuse passwords built on the service's, the organisation's or the person's name, naming it", () => {
    expect(passwordProblem("Sammen2026!!!")).toEqual({ key: "password.basedOnName", params: { name: "sammen" } });
    expect(reason("sammen123456")).toBe("password.basedOnName");
    const club = { names: ["Kongsberg Klatreklubb"] };
    expect(passwordProblem("Klatreklubben2025", club)).toEqual({
      key: "password.basedOnName",
      params: { name: "klatreklubb" },
    });
    expect(reason("KongsbergKlatreklubb", club)).toBe("password.basedOnName");
    expect(reason("kari.nordmann!1", { email: "kari.nordmann@example.no" })).toBe("password.basedOnName");
    expect(reason("Nordmann-2024", { email: "kari.nordmann@example.no" })).toBe("password.basedOnName");
  });

  it("R14: take the demo password and passphrases, also ones that mention a name among other words", () => {
    expect(reason("Sammen-demo-2026")).toBeNull();
    expect(reason("tre grønne sykler i regnet")).toBeNull();
    expect(reason("fotball og kor", { email: "kari@example.test", names: ["Kari Nordmann"] })).toBeNull();
    expect(reason("klatring på tirsdager", { names: ["Kongsberg Klatreklubb"] })).toBeNull();
  });

  it("R14: say why in both languages", () => {
    const problem = passwordProblem("Klatreklubben2025", { names: ["Kongsberg Klatreklubb"] })!;
    expect(translate("nb", problem.key, problem.params)).toBe(
      "Passordet bygger på «klatreklubb», som andre lett kan gjette. Velg et passord som ikke er laget av et navn eller av e-postadressen din.",
    );
    expect(translate("en", "password.common")).toContain("most used");
  });
});
