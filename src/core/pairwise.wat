;; The all-pairs kernels behind src/core/pairwise.ts, in WebAssembly's 128-bit SIMD (two doubles per f64x2 lane).
;; scripts/build-wasm.mjs assembles this file into dist/core/pairwise.wasm. All offsets are in bytes; every row holds
;; dp doubles (d padded with zeros to an even length).
(module
  (memory (export "memory") 1)

  ;; dots4(q, c, j0, ncp, dp, out): out[t·ncp + j] = q_t · c_j for the four rows q_0 … q_3 at q and the rows c_j,
  ;; j0 ≤ j < ncp, at c, in a 4 × 2 register block. dp, ncp and j0 must be even. Each dot product sums its even and its
  ;; odd coordinates in the two lanes and adds the lanes at the end.
  (func $dots4 (export "dots4") (param $q i32) (param $c i32) (param $j0 i32) (param $ncp i32) (param $dp i32) (param $out i32)
    (local $j i32) (local $t i32) (local $b i32) (local $b2 i32) (local $rowBytes i32)
    (local $a0 i32) (local $a1 i32) (local $a2 i32) (local $a3 i32)
    (local $v v128) (local $w v128) (local $x v128)
    (local $s0 v128) (local $s1 v128) (local $s2 v128) (local $s3 v128)
    (local $r0 v128) (local $r1 v128) (local $r2 v128) (local $r3 v128)
    (local $o i32) (local $ob i32)
    (local.set $rowBytes (i32.shl (local.get $dp) (i32.const 3)))
    (local.set $a0 (local.get $q))
    (local.set $a1 (i32.add (local.get $a0) (local.get $rowBytes)))
    (local.set $a2 (i32.add (local.get $a1) (local.get $rowBytes)))
    (local.set $a3 (i32.add (local.get $a2) (local.get $rowBytes)))
    (local.set $ob (i32.shl (local.get $ncp) (i32.const 3)))
    (local.set $j (local.get $j0))
    (block $done
      (loop $cols
        (br_if $done (i32.ge_u (local.get $j) (local.get $ncp)))
        (local.set $b (i32.add (local.get $c) (i32.mul (local.get $j) (local.get $rowBytes))))
        (local.set $b2 (i32.add (local.get $b) (local.get $rowBytes)))
        (local.set $s0 (v128.const f64x2 0 0)) (local.set $s1 (v128.const f64x2 0 0))
        (local.set $s2 (v128.const f64x2 0 0)) (local.set $s3 (v128.const f64x2 0 0))
        (local.set $r0 (v128.const f64x2 0 0)) (local.set $r1 (v128.const f64x2 0 0))
        (local.set $r2 (v128.const f64x2 0 0)) (local.set $r3 (v128.const f64x2 0 0))
        (local.set $t (i32.const 0))
        (block $tdone
          (loop $inner
            (br_if $tdone (i32.ge_u (local.get $t) (local.get $rowBytes)))
            (local.set $v (v128.load (i32.add (local.get $b) (local.get $t))))
            (local.set $w (v128.load (i32.add (local.get $b2) (local.get $t))))
            (local.set $x (v128.load (i32.add (local.get $a0) (local.get $t))))
            (local.set $s0 (f64x2.add (local.get $s0) (f64x2.mul (local.get $x) (local.get $v))))
            (local.set $r0 (f64x2.add (local.get $r0) (f64x2.mul (local.get $x) (local.get $w))))
            (local.set $x (v128.load (i32.add (local.get $a1) (local.get $t))))
            (local.set $s1 (f64x2.add (local.get $s1) (f64x2.mul (local.get $x) (local.get $v))))
            (local.set $r1 (f64x2.add (local.get $r1) (f64x2.mul (local.get $x) (local.get $w))))
            (local.set $x (v128.load (i32.add (local.get $a2) (local.get $t))))
            (local.set $s2 (f64x2.add (local.get $s2) (f64x2.mul (local.get $x) (local.get $v))))
            (local.set $r2 (f64x2.add (local.get $r2) (f64x2.mul (local.get $x) (local.get $w))))
            (local.set $x (v128.load (i32.add (local.get $a3) (local.get $t))))
            (local.set $s3 (f64x2.add (local.get $s3) (f64x2.mul (local.get $x) (local.get $v))))
            (local.set $r3 (f64x2.add (local.get $r3) (f64x2.mul (local.get $x) (local.get $w))))
            (local.set $t (i32.add (local.get $t) (i32.const 16)))
            (br $inner)))
        (local.set $o (i32.add (local.get $out) (i32.shl (local.get $j) (i32.const 3))))
        (f64.store (local.get $o) (f64.add (f64x2.extract_lane 0 (local.get $s0)) (f64x2.extract_lane 1 (local.get $s0))))
        (f64.store offset=8 (local.get $o) (f64.add (f64x2.extract_lane 0 (local.get $r0)) (f64x2.extract_lane 1 (local.get $r0))))
        (local.set $o (i32.add (local.get $o) (local.get $ob)))
        (f64.store (local.get $o) (f64.add (f64x2.extract_lane 0 (local.get $s1)) (f64x2.extract_lane 1 (local.get $s1))))
        (f64.store offset=8 (local.get $o) (f64.add (f64x2.extract_lane 0 (local.get $r1)) (f64x2.extract_lane 1 (local.get $r1))))
        (local.set $o (i32.add (local.get $o) (local.get $ob)))
        (f64.store (local.get $o) (f64.add (f64x2.extract_lane 0 (local.get $s2)) (f64x2.extract_lane 1 (local.get $s2))))
        (f64.store offset=8 (local.get $o) (f64.add (f64x2.extract_lane 0 (local.get $r2)) (f64x2.extract_lane 1 (local.get $r2))))
        (local.set $o (i32.add (local.get $o) (local.get $ob)))
        (f64.store (local.get $o) (f64.add (f64x2.extract_lane 0 (local.get $s3)) (f64x2.extract_lane 1 (local.get $s3))))
        (f64.store offset=8 (local.get $o) (f64.add (f64x2.extract_lane 0 (local.get $r3)) (f64x2.extract_lane 1 (local.get $r3))))
        (local.set $j (i32.add (local.get $j) (i32.const 2)))
        (br $cols))))

;; lseRow(row, cn, qn, start, ncp, scale, mOut, sOut), one row of the log-sum-exp: at row (ncp doubles) holding the
  ;; dot products q·c_j, writes v_j = −scale·max(0, |q|² + |c_j|² − 2 q·c_j) for start ≤ j < ncp (|c_j|² at cn; a
  ;; padding column carries |c|² = +inf, so its v is −inf), then stores m = max_j v_j at mOut and Σ_j exp(v_j − m) at
  ;; sOut (0 when m = −inf).
  ;; exp(x), x ≤ 0, two lanes at once: x = n ln2 + r with n = round(x/ln2) and |r| ≤ ln2/2 (ln2 split in fdlibm's
  ;; hi + lo, so n·hi is exact); e^r from its Taylor polynomial of degree 13 (truncation below 5e-18 relative) by
  ;; Estrin's scheme (a short dependency chain); 2^n built from the bits of n, which are the low 12 bits of
  ;; x/ln2 + 1.5·2^52 (an addition that also rounds to the nearest n). Lanes below −708, where 2^n would leave the
  ;; normal range, give exactly 0.
  (func $lseRow (param $row i32) (param $cn i32) (param $qn f64) (param $start i32) (param $ncp i32) (param $scale f64) (param $mOut i32) (param $sOut i32)
    (local $j i32) (local $at i32) (local $m f64) (local $mx v128) (local $s v128) (local $qnv v128) (local $neg v128) (local $v v128)
    (local $x v128) (local $t v128) (local $n v128) (local $r v128) (local $r2 v128) (local $r4 v128)
    (local $q0 v128) (local $q1 v128) (local $q2 v128) (local $q3 v128) (local $q4 v128) (local $q5 v128) (local $q6 v128)
    (local $lowest v128) (local $log2e v128) (local $shifter v128) (local $ln2hi v128) (local $ln2lo v128) (local $one v128) (local $a2 v128) (local $a3 v128) (local $a4 v128) (local $a5 v128) (local $a6 v128) (local $a7 v128) (local $a8 v128) (local $a9 v128) (local $a10 v128) (local $a11 v128) (local $a12 v128) (local $a13 v128) (local $bias v128)
    ;; an odd start begins one column early, with that column's dot product set to −inf so that its v is −inf
    (if (i32.and (local.get $start) (i32.const 1))
      (then
        (local.set $start (i32.sub (local.get $start) (i32.const 1)))
        (f64.store (i32.add (local.get $row) (i32.shl (local.get $start) (i32.const 3))) (f64.const -inf))))
    (local.set $qnv (f64x2.splat (local.get $qn)))
    (local.set $neg (f64x2.splat (f64.neg (local.get $scale))))
    (local.set $mx (v128.const f64x2 -inf -inf))
    (local.set $j (local.get $start))
    (block $done
      (loop $pass
        (br_if $done (i32.ge_u (local.get $j) (local.get $ncp)))
        (local.set $at (i32.add (local.get $row) (i32.shl (local.get $j) (i32.const 3))))
        (local.set $v (v128.load (local.get $at)))
        (local.set $v (f64x2.mul (local.get $neg) (f64x2.pmax (v128.const f64x2 0 0)
          (f64x2.sub (f64x2.add (local.get $qnv) (v128.load (i32.add (local.get $cn) (i32.shl (local.get $j) (i32.const 3)))))
            (f64x2.add (local.get $v) (local.get $v))))))
        (v128.store (local.get $at) (local.get $v))
        (local.set $mx (f64x2.pmax (local.get $mx) (local.get $v)))
        (local.set $j (i32.add (local.get $j) (i32.const 2)))
        (br $pass)))
    (local.set $m (f64.max (f64x2.extract_lane 0 (local.get $mx)) (f64x2.extract_lane 1 (local.get $mx))))
    (f64.store (local.get $mOut) (local.get $m))
    (if (f64.eq (local.get $m) (f64.const -inf))
      (then (f64.store (local.get $sOut) (f64.const 0)) (return)))
    (local.set $mx (f64x2.splat (local.get $m)))
    (local.set $s (v128.const f64x2 0 0))
    (local.set $j (local.get $start))
    ;; the constants of exp: its lowest argument, 1/ln2, 1.5·2^52, ln2 = hi + lo, the Taylor coefficients a_k = 1/k!
    ;; (a_0 = a_1 = 1) and the exponent bias
    (local.set $lowest (v128.const f64x2 -708 -708))
    (local.set $log2e (v128.const f64x2 1.4426950408889634 1.4426950408889634))
    (local.set $shifter (v128.const f64x2 6755399441055744 6755399441055744))
    (local.set $ln2hi (v128.const f64x2 6.93147180369123816490e-01 6.93147180369123816490e-01))
    (local.set $ln2lo (v128.const f64x2 1.90821492927058770002e-10 1.90821492927058770002e-10))
    (local.set $one (v128.const f64x2 1 1))
    (local.set $a2 (v128.const f64x2 0.5 0.5))
    (local.set $a3 (v128.const f64x2 0.16666666666666666 0.16666666666666666))
    (local.set $a4 (v128.const f64x2 4.1666666666666664e-2 4.1666666666666664e-2))
    (local.set $a5 (v128.const f64x2 8.333333333333333e-3 8.333333333333333e-3))
    (local.set $a6 (v128.const f64x2 1.388888888888889e-3 1.388888888888889e-3))
    (local.set $a7 (v128.const f64x2 1.984126984126984e-4 1.984126984126984e-4))
    (local.set $a8 (v128.const f64x2 2.48015873015873e-5 2.48015873015873e-5))
    (local.set $a9 (v128.const f64x2 2.7557319223985893e-6 2.7557319223985893e-6))
    (local.set $a10 (v128.const f64x2 2.7557319223985894e-7 2.7557319223985894e-7))
    (local.set $a11 (v128.const f64x2 2.505210838544172e-8 2.505210838544172e-8))
    (local.set $a12 (v128.const f64x2 2.08767569878681e-9 2.08767569878681e-9))
    (local.set $a13 (v128.const f64x2 1.6059043836821613e-10 1.6059043836821613e-10))
    (local.set $bias (v128.const i64x2 1023 1023))
    (block $done2
      (loop $sums
        (br_if $done2 (i32.ge_u (local.get $j) (local.get $ncp)))
        (local.set $x (f64x2.sub (v128.load (i32.add (local.get $row) (i32.shl (local.get $j) (i32.const 3)))) (local.get $mx)))
        (local.set $v (f64x2.pmax (local.get $x) (local.get $lowest)))
        ;; t = x/ln2 + 1.5·2^52 holds n = round(x/ln2) in the low bits of its representation
        (local.set $t (f64x2.add (f64x2.mul (local.get $v) (local.get $log2e)) (local.get $shifter)))
        (local.set $n (f64x2.sub (local.get $t) (local.get $shifter)))
        (local.set $r (f64x2.sub (f64x2.sub (local.get $v)
          (f64x2.mul (local.get $n) (local.get $ln2hi)))
          (f64x2.mul (local.get $n) (local.get $ln2lo))))
        (local.set $r2 (f64x2.mul (local.get $r) (local.get $r)))
        (local.set $r4 (f64x2.mul (local.get $r2) (local.get $r2)))
        (local.set $q0 (f64x2.add (local.get $one) (local.get $r)))
        (local.set $q1 (f64x2.add (local.get $a2) (f64x2.mul (local.get $a3) (local.get $r))))
        (local.set $q2 (f64x2.add (local.get $a4) (f64x2.mul (local.get $a5) (local.get $r))))
        (local.set $q3 (f64x2.add (local.get $a6) (f64x2.mul (local.get $a7) (local.get $r))))
        (local.set $q4 (f64x2.add (local.get $a8) (f64x2.mul (local.get $a9) (local.get $r))))
        (local.set $q5 (f64x2.add (local.get $a10) (f64x2.mul (local.get $a11) (local.get $r))))
        (local.set $q6 (f64x2.add (local.get $a12) (f64x2.mul (local.get $a13) (local.get $r))))
        ;; e^r = ((q0 + q1 r²) + (q2 + q3 r²) r⁴) + ((q4 + q5 r²) + q6 r⁴) r⁸
        (local.set $v (f64x2.add
          (f64x2.add (f64x2.add (local.get $q0) (f64x2.mul (local.get $q1) (local.get $r2)))
            (f64x2.mul (f64x2.add (local.get $q2) (f64x2.mul (local.get $q3) (local.get $r2))) (local.get $r4)))
          (f64x2.mul
            (f64x2.add (f64x2.add (local.get $q4) (f64x2.mul (local.get $q5) (local.get $r2))) (f64x2.mul (local.get $q6) (local.get $r4)))
            (f64x2.mul (local.get $r4) (local.get $r4)))))
        (local.set $s (f64x2.add (local.get $s) (v128.and
          (f64x2.mul (local.get $v)
            (i64x2.shl (i64x2.add (local.get $t) (local.get $bias)) (i32.const 52)))
          (f64x2.ge (local.get $x) (local.get $lowest)))))
        (local.set $j (i32.add (local.get $j) (i32.const 2)))
        (br $sums)))
    (f64.store (local.get $sOut) (f64.add (f64x2.extract_lane 0 (local.get $s)) (f64x2.extract_lane 1 (local.get $s)))))

  ;; lse(q, c, qn, cn, nq, ncp, dp, scale, upper, buf, mOut, sOut): for each row i < nq of Q (nq padded to a multiple
  ;; of 4 in memory), the maximum m_i and the sum s_i of $lseRow over the columns j < ncp (j > i when upper is
  ;; 1), so that ln Σ_j exp(−scale |q_i − c_j|²) = m_i + ln s_i. buf holds 4·ncp doubles of scratch.
  (func (export "lse") (param $q i32) (param $c i32) (param $qn i32) (param $cn i32) (param $nq i32) (param $ncp i32) (param $dp i32)
    (param $scale f64) (param $upper i32) (param $buf i32) (param $mOut i32) (param $sOut i32)
    (local $i0 i32) (local $t i32) (local $i i32) (local $rowBytes i32)
    (local.set $rowBytes (i32.shl (local.get $dp) (i32.const 3)))
    (block $done
      (loop $blocks
        (br_if $done (i32.ge_u (local.get $i0) (local.get $nq)))
        (call $dots4 (i32.add (local.get $q) (i32.mul (local.get $i0) (local.get $rowBytes))) (local.get $c)
          (if (result i32) (local.get $upper) (then (i32.and (i32.add (local.get $i0) (i32.const 1)) (i32.const -2))) (else (i32.const 0)))
          (local.get $ncp) (local.get $dp) (local.get $buf))
        (local.set $t (i32.const 0))
        (block $rowsDone
          (loop $rows
            (local.set $i (i32.add (local.get $i0) (local.get $t)))
            (br_if $rowsDone (i32.or (i32.ge_u (local.get $t) (i32.const 4)) (i32.ge_u (local.get $i) (local.get $nq))))
            (call $lseRow
              (i32.add (local.get $buf) (i32.shl (i32.mul (local.get $t) (local.get $ncp)) (i32.const 3)))
              (local.get $cn)
              (f64.load (i32.add (local.get $qn) (i32.shl (local.get $i) (i32.const 3))))
              (if (result i32) (local.get $upper) (then (i32.add (local.get $i) (i32.const 1))) (else (i32.const 0)))
              (local.get $ncp) (local.get $scale)
              (i32.add (local.get $mOut) (i32.shl (local.get $i) (i32.const 3)))
              (i32.add (local.get $sOut) (i32.shl (local.get $i) (i32.const 3))))
            (local.set $t (i32.add (local.get $t) (i32.const 1)))
            (br $rows)))
        (local.set $i0 (i32.add (local.get $i0) (i32.const 4)))
        (br $blocks))))
)
