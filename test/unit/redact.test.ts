import { expect } from "chai";
import { nameRedactor } from "../../services/summary/redact.ts";

describe("taking members' names out of anonymous answers", () => {
  const redact = nameRedactor(["Priya Shah", "Will Turner", "Dr Asha Raman", "Grace O'Neil", "Tom", "Erin (NHS)"]);

  it("replaces full names, titled surnames and first or last names on their own, possessives included", () => {
    expect(redact("I agree with Priya that housing matters.")).to.equal("I agree with [name] that housing matters.");
    expect(redact("As Dr Raman said, Asha Raman's plan works.")).to.equal("As [name] said, [name]'s plan works.");
    expect(redact("Priya Shah's view was clear; Shah is right.")).to.equal("[name]'s view was clear; [name] is right.");
    expect(redact("Grace O'Neil and Erin both said so.")).to.equal("[name] and [name] both said so.");
  });

  it("redacts a name that starts a sentence, a line or a bullet when it is a person there", () => {
    expect(redact("Priya is right about housing.")).to.equal("[name] is right about housing.");
    expect(redact("- Grace thinks so.\nTom said so too.")).to.equal("- [name] thinks so.\n[name] said so too.");
    expect(redact("Will said yes.")).to.equal("[name] said yes.");
    expect(redact("Grace and I agree. Tom's point stands. Priya, Tom and I agree.")).to.equal("[name] and I agree. [name]'s point stands. [name], [name] and I agree.");
  });

  it("keeps a capitalised first word that is an ordinary word there, and words that only contain a name", () => {
    expect(redact("Will the Board lead on this?")).to.equal("Will the Board lead on this?");
    const young = nameRedactor(["Sam Young", "Hope Green"]);
    expect(young("Young people need safe places. Green spaces help. Young said so.")).to.equal("Young people need safe places. Green spaces help. [name] said so.");
    // A noun at the start is taken for the person: a lost word is better than a named member.
    expect(young("Hope is not a strategy, and Hope agrees.")).to.equal("[name] is not a strategy, and [name] agrees.");
    expect(redact("Tomorrow we meet; Tomás and Tomlinson too.")).to.equal("Tomorrow we meet; Tomás and Tomlinson too.");
    expect(redact("priya in lower case is not a name we can be sure of")).to.equal("priya in lower case is not a name we can be sure of");
  });

  it("does nothing without names, and treats names as text, not patterns", () => {
    expect(nameRedactor([])("Priya is right.")).to.equal("Priya is right.");
    expect(nameRedactor(["St.John Rivers"])("StXJohn wrote to St.John and Rivers.")).to.equal("StXJohn wrote to [name] and [name].");
    // Initials are not names; a two-letter first name is.
    expect(nameRedactor(["Jo A. J. Smith"])("A plan from Jo and Smith, as J. said.")).to.equal("A plan from [name] and [name], as J. said.");
  });

  it("takes the person's name out of a Teams display name, never its organisation, role or acronyms", () => {
    const fromTeams = nameRedactor([
      "Dr Priya Raman — NHS Morecambe Bay CCG",
      "Cllr Margaret Hollins, Chair — Lancashire County Council",
      "Ashworth, Tom (Lancashire Constabulary)",
      "Supt. Sana Mirza - Lancashire Fire and Rescue",
    ]);
    expect(fromTeams("As Priya and Cllr Hollins said, Lancashire County Council and NHS Morecambe Bay CCG should lead."))
      .to.equal("As [name] and [name] said, Lancashire County Council and NHS Morecambe Bay CCG should lead.");
    expect(fromTeams("Tom Ashworth agrees; so does Mirza. The Chair and the Constabulary should meet."))
      .to.equal("[name] agrees; so does [name]. The Chair and the Constabulary should meet.");
  });
});
