import { expect } from "chai";
import { BoundedMap } from "../../services/bounded-map.ts";

describe("BoundedMap", () => {
  it("keeps at most its limit, forgetting the entry set longest ago; setting a key again makes it the newest", () => {
    const m = new BoundedMap<string, number>(2);
    m.set("a", 1).set("b", 2);
    m.set("a", 10); // a is now newer than b
    m.set("c", 3);
    expect([...m]).to.deep.equal([["a", 10], ["c", 3]]);
  });
});
