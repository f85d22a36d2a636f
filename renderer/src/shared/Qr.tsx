import { useEffect, useState } from 'react';

/** A QR code as an SVG data URL; the qrcode library loads only when a QR is first shown. */
export function Qr({ text, label, size = 132 }: { text: string; label: string; size?: number }) {
  const [src, setSrc] = useState('');
  useEffect(() => {
    let live = true;
    void import('qrcode').then((q) =>
      q.toString(text, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' }).then((svg) => {
        if (live) setSrc(`data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`);
      }),
    );
    return () => {
      live = false;
    };
  }, [text]);
  return src ? <img className="qr" src={src} width={size} height={size} alt={label} /> : <div className="qr" style={{ width: size, height: size }} aria-label={label} role="img" />;
}
