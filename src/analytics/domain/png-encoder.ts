import { crc32, deflateSync } from 'node:zlib';

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** length, type, data, CRC-32 of type and data (PNG §5.3). */
function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(data, crc32(head.subarray(4))), 0);
  return Buffer.concat([head, data, crc]);
}

export interface RgbImage {
  width: number;
  height: number;
  /** Row-major, 3 bytes (red, green, blue) per pixel. */
  rgb: Uint8Array;
}

/**
 * A truecolour 8-bit PNG: IHDR, optional tEXt chunks (Latin-1 keyword and text), one IDAT
 * (every scanline with filter type 0, deflated) and IEND.
 */
export function encodePng(image: RgbImage, text: Record<string, string> = {}): Buffer {
  const { width, height, rgb } = image;
  if (rgb.length !== width * height * 3) throw new Error(`expected ${width * height * 3} bytes of pixels, got ${rgb.length}`);
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // colour type: truecolour
  // compression, filter method and interlace are 0
  const stride = width * 3;
  const raw = Buffer.alloc((stride + 1) * height);
  for (let y = 0; y < height; y++) raw.set(rgb.subarray(y * stride, (y + 1) * stride), y * (stride + 1) + 1);
  const texts = Object.entries(text).map(([key, value]) => chunk('tEXt', Buffer.from(`${key}\0${value.replace(/[^\x20-\x7e\xa0-\xff]/g, '?')}`, 'latin1')));
  return Buffer.concat([SIGNATURE, chunk('IHDR', header), ...texts, chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}
