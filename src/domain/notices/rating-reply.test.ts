import { describe, expect, it } from "vitest";
import { parseRatingReply } from "./rating-reply.ts";

describe("the requester's SMS reply to the satisfaction request (51号, GX-27.2)", () => {
  it("51号 reads two digits as the level of five and solved? of three, one digit as the level alone", () => {
    expect(parseRatingReply("21")).toEqual({ rating: "satisfied", solved: "resolved" });
    expect(parseRatingReply(" 5，3 ")).toEqual({ rating: "very_unsatisfied", solved: "unresolved" });
    expect(parseRatingReply("１ ２")).toEqual({ rating: "very_satisfied", solved: "partially_resolved" });
    expect(parseRatingReply("3")).toEqual({ rating: "basically_satisfied" });
  });

  it("51号 reads the words, the longest level first", () => {
    expect(parseRatingReply("非常不满意，没解决")).toEqual({ rating: "very_unsatisfied", solved: "unresolved" });
    expect(parseRatingReply("满意 已解决")).toEqual({ rating: "satisfied", solved: "resolved" });
    expect(parseRatingReply("基本满意，部分解决了")).toEqual({ rating: "basically_satisfied", solved: "partially_resolved" });
  });

  it("anything else is not a rating", () => {
    for (const text of ["", "6", "24", "123", "谢谢", "请问什么时候修好"]) expect(parseRatingReply(text)).toBeUndefined();
  });
});
