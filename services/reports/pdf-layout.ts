import PDFDocument from "pdfkit";
import { toWinAnsi } from "./pdf-text.ts";

/**
 * A small layout layer over PDFKit for the board report: A4 pages with fixed margins, headings that
 * never sit alone at the foot of a page, paragraphs of mixed bold/regular text, and tables drawn by
 * hand so that a row never splits and the header row is repeated at the top of every page a table
 * runs onto. Every string is passed through `toWinAnsi` here, so callers can't forget it.
 */

export const COLOURS = {
  ink: "#1f2933",
  muted: "#52606d",
  line: "#d9dee4",
  accent: "#1d4e89",
  accentSoft: "#e8f0fa",
  warn: "#8a4b00",
  warnSoft: "#fff4e0",
  header: "#f0f3f6",
} as const;

const FONT = { regular: "Helvetica", bold: "Helvetica-Bold", italic: "Helvetica-Oblique" } as const;
export type FontName = keyof typeof FONT;

/** A4 in points, and margins of about 18 mm (the bottom one leaves room for the footer). */
const PAGE = { width: 595.28, height: 841.89, top: 54, bottom: 62, side: 51 } as const;
const BODY_SIZE = 10;
const LINE_GAP = 2;

export interface Segment {
  text: string;
  font?: FontName;
  color?: string;
}

export interface Cell {
  text: string;
  /** A second, smaller line under the text (a lead's name, "No lead"). */
  sub?: string;
  font?: FontName;
  color?: string;
  subColor?: string;
  fill?: string;
  align?: "left" | "center" | "right";
  /** How many columns the cell covers (a withheld matrix row). */
  span?: number;
}

export interface Column {
  header: string;
  /** Share of the table's width; the shares are scaled to fill it. */
  width: number;
  align?: "left" | "center" | "right";
}

export interface TableSpec {
  columns: Column[];
  rows: Array<{ cells: Cell[]; fill?: string }>;
  /** Written small above the repeated header on each further page: "Action tracker (continued)". */
  continued: string;
  fontSize?: number;
}

export interface DocumentInfo {
  title: string;
  subject: string;
  creationDate: Date;
}

export class PdfWriter {
  readonly doc: PDFKit.PDFDocument;
  private readonly chunks: Buffer[] = [];
  private readonly ended: Promise<Buffer>;

  constructor(info: DocumentInfo) {
    this.doc = new PDFDocument({
      size: "A4",
      margins: { top: PAGE.top, bottom: PAGE.bottom, left: PAGE.side, right: PAGE.side },
      // Footers need the page count, so pages stay in memory until every one exists.
      bufferPages: true,
      lang: "en-GB",
      displayTitle: true,
      // A fixed CreationDate (and so a fixed file ID, which PDFKit derives from the info) makes the same input give the same bytes.
      info: { Title: toWinAnsi(info.title), Author: "Sounding Board", Subject: toWinAnsi(info.subject), Creator: "Sounding Board", CreationDate: info.creationDate },
    });
    this.doc.on("data", (chunk: Buffer) => this.chunks.push(chunk));
    this.ended = new Promise((resolve, reject) => {
      this.doc.on("end", () => resolve(Buffer.concat(this.chunks)));
      this.doc.on("error", reject);
    });
    this.doc.font(FONT.regular).fontSize(BODY_SIZE).fillColor(COLOURS.ink);
  }

  get left(): number {
    return PAGE.side;
  }
  get width(): number {
    return PAGE.width - 2 * PAGE.side;
  }
  private get bottom(): number {
    return PAGE.height - PAGE.bottom;
  }

  private style(font: FontName, size: number, color: string): void {
    this.doc.font(FONT[font]).fontSize(size).fillColor(color);
  }

  /** Starts a new page unless `height` more points fit on this one. */
  ensure(height: number): void {
    if (this.doc.y + height > this.bottom) this.newPage();
  }

  newPage(): void {
    this.doc.addPage();
    this.doc.x = this.left;
  }

  space(points: number): void {
    if (this.doc.y + points <= this.bottom) this.doc.y += points;
  }

  /** How tall `text` would be in this font, size and width. */
  measure(text: string, font: FontName, size: number, width: number): number {
    this.doc.font(FONT[font]).fontSize(size);
    return this.doc.heightOfString(toWinAnsi(text) || " ", { width, lineGap: LINE_GAP });
  }

  /** Level 1: a section ("Themes", "Action tracker") with a rule under it and a bookmark; 2: a theme; 3: "Recommendations". */
  heading(text: string, level: 1 | 2 | 3, outline?: PDFKit.PDFOutline): PDFKit.PDFOutline | undefined {
    const size = level === 1 ? 16 : level === 2 ? 13 : 11;
    // Keep a heading with at least three lines of what follows it.
    this.space(level === 1 ? 14 : 8);
    this.ensure(this.measure(text, "bold", size, this.width) + 3 * (BODY_SIZE + LINE_GAP) + 8);
    this.style("bold", size, level === 3 ? COLOURS.accent : COLOURS.ink);
    this.doc.text(toWinAnsi(text), this.left, this.doc.y, { width: this.width, lineGap: LINE_GAP });
    const item = outline?.addItem(toWinAnsi(text));
    if (level === 1) {
      const y = this.doc.y + 1;
      this.doc.moveTo(this.left, y).lineTo(this.left + this.width, y).lineWidth(1.5).strokeColor(COLOURS.accent).stroke();
      this.doc.y = y + 6;
    } else this.doc.y += 3;
    this.style("regular", BODY_SIZE, COLOURS.ink);
    return item;
  }

  /** Mixed text in one paragraph ("Most members (7 of 12) said" in bold, then the statement). Flows across pages if long. */
  rich(segments: Segment[], options: { indent?: number; size?: number; gap?: number; marker?: string; keepWith?: number } = {}): void {
    const indent = options.indent ?? 0;
    const size = options.size ?? BODY_SIZE;
    const x = this.left + indent;
    const width = this.width - indent;
    const parts = segments.map((s) => ({ ...s, text: toWinAnsi(s.text) })).filter((s) => s.text !== "");
    if (parts.length === 0) return;
    // Don't leave a lone first line at the foot of a page (nor a point without the first of its quotes: keepWith).
    const height = this.measure(parts.map((p) => p.text).join(""), "bold", size, width);
    this.ensure(Math.min(Math.min(height, 3 * (size + LINE_GAP)) + (options.keepWith ?? 0), 160));
    const y = this.doc.y;
    if (options.marker) {
      this.style("bold", size, COLOURS.accent);
      this.doc.text(toWinAnsi(options.marker), x - 13, y, { width: 12, lineBreak: false });
    }
    parts.forEach((part, i) => {
      this.style(part.font ?? "regular", size, part.color ?? COLOURS.ink);
      const opts = { width, lineGap: LINE_GAP, continued: i < parts.length - 1 };
      if (i === 0) this.doc.text(part.text, x, y, opts);
      else this.doc.text(part.text, opts);
    });
    this.doc.x = this.left;
    this.doc.y += options.gap ?? 4;
    this.style("regular", BODY_SIZE, COLOURS.ink);
  }

  paragraph(text: string, options: { font?: FontName; color?: string; size?: number; indent?: number; gap?: number } = {}): void {
    this.rich([{ text, font: options.font ?? "regular", color: options.color ?? COLOURS.ink }], options);
  }

  /** A shaded note (withheld text, "how to read this report"): kept on one page. */
  note(text: string, colours: { fill: string; ink: string }, size = 9.5): void {
    const pad = 7;
    const height = this.measure(text, "regular", size, this.width - 2 * pad) + 2 * pad;
    this.ensure(height + 4);
    const y = this.doc.y;
    this.doc.rect(this.left, y, this.width, height).fill(colours.fill);
    this.style("regular", size, colours.ink);
    this.doc.text(toWinAnsi(text), this.left + pad, y + pad, { width: this.width - 2 * pad, lineGap: LINE_GAP });
    this.doc.x = this.left;
    this.doc.y = y + height + 6;
    this.style("regular", BODY_SIZE, COLOURS.ink);
  }

  /** A table whose rows never split; on each page it runs onto, a "(continued)" line and the header row come first. */
  table(spec: TableSpec): void {
    const size = spec.fontSize ?? 9;
    const pad = 4;
    const total = spec.columns.reduce((n, c) => n + c.width, 0);
    const widths = spec.columns.map((c) => (c.width / total) * this.width);
    const xs = widths.map((_, i) => this.left + widths.slice(0, i).reduce((a, b) => a + b, 0));
    const headerCells: Cell[] = spec.columns.map((c) => ({ text: c.header, font: "bold", fill: COLOURS.header, ...(c.align ? { align: c.align } : {}) }));
    const spanWidth = (col: number, span: number) => widths.slice(col, col + span).reduce((a, b) => a + b, 0);
    const cellHeight = (cell: Cell, width: number) =>
      this.measure(cell.text, cell.font ?? "regular", size, width - 2 * pad) + (cell.sub ? this.measure(cell.sub, "regular", size - 1.5, width - 2 * pad) + 1 : 0) + 2 * pad;
    const layout = (cells: Cell[]) => {
      let col = 0;
      const placed = cells.map((cell) => {
        const at = { cell, x: xs[col]!, width: spanWidth(col, cell.span ?? 1) };
        col += cell.span ?? 1;
        return at;
      });
      return { placed, height: Math.max(...placed.map((p) => cellHeight(p.cell, p.width))) };
    };
    const usable = this.bottom - PAGE.top;
    const drawRow = (cells: Cell[], rowFill: string | undefined, maxHeight: number) => {
      const { placed, height: natural } = layout(cells);
      const height = Math.min(natural, maxHeight);
      const y = this.doc.y;
      for (const { cell, x, width } of placed) {
        const fill = cell.fill ?? rowFill;
        if (fill) this.doc.rect(x, y, width, height).fill(fill);
        this.doc.rect(x, y, width, height).lineWidth(0.5).strokeColor(COLOURS.line).stroke();
        const inner = width - 2 * pad;
        this.style(cell.font ?? "regular", size, cell.color ?? COLOURS.ink);
        // The height bound also stops PDFKit from starting a page of its own mid-row.
        const opts = { width: inner, height: height - 2 * pad + 1, ellipsis: true, lineGap: LINE_GAP, align: cell.align ?? "left" } as const;
        this.doc.text(toWinAnsi(cell.text), x + pad, y + pad, opts);
        if (cell.sub) {
          const subY = y + pad + this.measure(cell.text, cell.font ?? "regular", size, inner) + 1;
          this.style("regular", size - 1.5, cell.subColor ?? COLOURS.muted);
          this.doc.text(toWinAnsi(cell.sub), x + pad, subY, { ...opts, height: Math.max(1, y + height - pad - subY + 1) });
        }
      }
      this.doc.y = y + height;
    };
    const header = layout(headerCells).height;
    // A row taller than a page would never fit: it is cut short with an ellipsis instead.
    const maxRow = usable - header - 20;
    const first = spec.rows[0] ? Math.min(layout(spec.rows[0].cells).height, maxRow) : 0;
    this.ensure(header + first);
    drawRow(headerCells, undefined, header);
    for (const row of spec.rows) {
      const height = Math.min(layout(row.cells).height, maxRow);
      if (this.doc.y + height > this.bottom) {
        this.newPage();
        this.style("italic", 8.5, COLOURS.muted);
        this.doc.text(toWinAnsi(spec.continued), this.left, this.doc.y, { width: this.width });
        this.doc.y += 3;
        drawRow(headerCells, undefined, header);
      }
      drawRow(row.cells, row.fill, maxRow);
    }
    this.doc.x = this.left;
    this.doc.y += 8;
    this.style("regular", BODY_SIZE, COLOURS.ink);
  }

  /** Writes each page's footer ("Page 3 of 7" on the right) and returns the finished file. */
  async finish(footerLeft: string): Promise<Buffer> {
    const range = this.doc.bufferedPageRange();
    for (let i = range.start; i < range.start + range.count; i++) {
      this.doc.switchToPage(i);
      // The footer sits in the bottom margin: with the margin at 0 PDFKit won't think it overflows the page.
      const margin = this.doc.page.margins.bottom;
      this.doc.page.margins.bottom = 0;
      const y = PAGE.height - 38;
      this.doc.moveTo(this.left, y - 6).lineTo(this.left + this.width, y - 6).lineWidth(0.5).strokeColor(COLOURS.line).stroke();
      this.style("regular", 8, COLOURS.muted);
      this.doc.text(toWinAnsi(footerLeft), this.left, y, { width: this.width - 100, height: 10, ellipsis: true });
      this.doc.text(`Page ${i - range.start + 1} of ${range.count}`, this.left + this.width - 90, y, { width: 90, align: "right", lineBreak: false });
      this.doc.page.margins.bottom = margin;
    }
    this.doc.flushPages();
    this.doc.end();
    return this.ended;
  }
}
