import { expect } from "chai";
import { storeFiles } from "../../services/storage/embedded-azurite.ts";

/** The embedded store's snapshot + journal replay (services/storage/azurite-journal.cjs), on texts. */
const collection = (name: string, data: Array<Record<string, unknown>>) => ({ name, data, maxId: Math.max(0, ...data.map((d) => d.$loki as number)), binaryIndices: { PartitionKey: { name: "PartitionKey", dirty: false, values: [0] } } });
const snapshot = (generation: number, data: Array<Record<string, unknown>>) => JSON.stringify({ collections: [collection("acct$Rounds", data)], [storeFiles.GENERATION]: generation });
const line = (...changes: Array<[string, Record<string, unknown>]>) => `${JSON.stringify(changes.map(([operation, obj]) => ({ name: "acct$Rounds", operation, obj })))}\n`;
const docs = (text: string) => (JSON.parse(text) as { collections: Array<{ data: Array<{ $loki: number; v?: string }>; maxId: number }> }).collections[0]!;

describe("embedded store journal replay", () => {
  const base = snapshot(3, [{ $loki: 1, v: "a" }, { $loki: 2, v: "b" }]);

  it("applies later journals in order (insert, update, remove), ignoring the ones the snapshot includes", () => {
    const out = storeFiles.replay("s.json", base, [
      { generation: 2, file: "j2", text: line(["R", { $loki: 1 }]) }, // already in the snapshot
      { generation: 4, file: "j4", text: line(["U", { $loki: 2, v: "b2" }], ["I", { $loki: 3, v: "c" }]) + line(["R", { $loki: 1, v: "a" }]) },
      { generation: 5, file: "j5", text: line(["U", { $loki: 3, v: "c2" }]) },
    ]);
    const coll = docs(out.text);
    expect(coll.data).to.deep.equal([{ $loki: 2, v: "b2" }, { $loki: 3, v: "c2" }]);
    expect(coll.maxId).to.equal(3);
    expect(out.generation).to.equal(5);
    expect((JSON.parse(out.text) as { collections: Array<{ binaryIndices: Record<string, { dirty: boolean }> }> }).collections[0]!.binaryIndices.PartitionKey!.dirty).to.equal(true);
  });

  it("gives the same result when a journal the snapshot already has is applied again", () => {
    const once = storeFiles.replay("s.json", base, [{ generation: 4, file: "j4", text: line(["U", { $loki: 2, v: "b2" }]) }]);
    const twice = storeFiles.replay("s.json", once.text.replace(`"${storeFiles.GENERATION}":4`, `"${storeFiles.GENERATION}":3`), [{ generation: 4, file: "j4", text: line(["U", { $loki: 2, v: "b2" }]) }]);
    expect(docs(twice.text).data).to.deep.equal(docs(once.text).data);
  });

  it("drops a last line cut short (a crash before its fsync: nobody was told), and refuses damage anywhere else", () => {
    const torn = line(["I", { $loki: 3, v: "c" }]) + line(["U", { $loki: 3, v: "c2" }]).slice(0, 20);
    expect(docs(storeFiles.replay("s.json", base, [{ generation: 4, file: "j4", text: torn }]).text).data.map((d) => d.v)).to.deep.equal(["a", "b", "c"]);
    const damaged = line(["I", { $loki: 3, v: "c" }]).slice(0, 20) + "\n" + line(["U", { $loki: 3, v: "c2" }]);
    expect(() => storeFiles.replay("s.json", base, [{ generation: 4, file: "j4", text: damaged }])).to.throw(/line 1 is damaged/);
    expect(() => storeFiles.replay("s.json", base, [{ generation: 4, file: "j4", text: torn }, { generation: 5, file: "j5", text: line(["R", { $loki: 2 }]) }])).to.throw(/j4.*|line 2 is damaged/);
    expect(() => storeFiles.replay("s.json", "{not json", [])).to.throw(/not valid JSON/);
  });
});
