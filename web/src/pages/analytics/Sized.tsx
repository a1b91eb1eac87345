import { useLayoutEffect, useRef, useState, type ReactNode } from 'react';

/** Renders `children` at the width its box has (charts draw in real pixels so their text stays readable on a phone). */
export function Sized({ children }: { children: (width: number) => ReactNode }) {
  const ref = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(0);
  useLayoutEffect(() => {
    const box = ref.current;
    if (!box) return;
    const measure = () => setWidth(Math.floor(box.clientWidth));
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(box);
    return () => observer.disconnect();
  }, []);
  return (
    <div ref={ref} className="analytics-chart">
      {width > 0 && children(width)}
    </div>
  );
}
