import { describe, expect, it } from "vitest";
import { layoutContent, sameJson, widgetContent, widgetId } from "../../bot/delivery/widget.js";

describe("the widget's state events", () => {
  it("have a fixed id per event and Element's URL variables", () => {
    expect(widgetId("DEN-ptg")).toBe("ptg-DEN-ptg");
    expect(widgetContent("https://ptg.example.org", "DEN-ptg", "Denver PTG")).toEqual({
      type: "m.custom",
      url:
        "https://ptg.example.org/widget/?event=DEN-ptg&matrix_room_id=$matrix_room_id" +
        "&widgetId=$matrix_widget_id&theme=$org.matrix.msc2873.client_theme" +
        "&language=$org.matrix.msc2873.client_language",
      name: "Denver PTG",
      data: {},
      id: "ptg-DEN-ptg",
    });
  });

  it("open filtered to the track in a track's room", () => {
    expect(widgetContent("https://ptg.example.org", "den", "Denver PTG", "nova")).toMatchObject({
      url:
        "https://ptg.example.org/widget/?event=den&track=nova&matrix_room_id=$matrix_room_id" +
        "&widgetId=$matrix_widget_id&theme=$org.matrix.msc2873.client_theme" +
        "&language=$org.matrix.msc2873.client_language",
    });
  });

  it("pin it at the top, keeping other widgets' places", () => {
    expect(layoutContent(null, "ptg-x")).toEqual({
      widgets: { "ptg-x": { container: "top", index: 0, width: 100, height: 40 } },
    });
    const other = { container: "right" };
    expect(layoutContent({ widgets: { jitsi: other } }, "ptg-x")).toEqual({
      widgets: { jitsi: other, "ptg-x": { container: "top", index: 0, width: 100, height: 40 } },
    });
  });

  it("are compared regardless of key order", () => {
    expect(sameJson({ a: 1, b: { c: [1, 2] } }, { b: { c: [1, 2] }, a: 1 })).toBe(true);
    expect(sameJson({ a: 1 }, { a: 2 })).toBe(false);
    expect(sameJson(null, {})).toBe(false);
    expect(sameJson([1, 2], [2, 1])).toBe(false);
  });
});
