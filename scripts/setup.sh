#!/usr/bin/env bash
# 一键安装：系统组件（Chromium、中文字体、poppler）、Python 虚拟环境与本项目。
# Sets up everything jixiao needs on a fresh Debian machine; safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
[ -f /usr/share/fonts/truetype/wqy/wqy-zenhei.ttc ] || need_apt+=(fonts-wqy-zenhei)
command -v pdftoppm >/dev/null 2>&1 || need_apt+=(poppler-utils)
# .doc/.wps/.et are converted by LibreOffice; scans and photos are read by Tesseract (simplified Chinese)
need_lean=()
dpkg -s libreoffice-writer >/dev/null 2>&1 || need_lean+=(libreoffice-writer)
dpkg -s libreoffice-calc >/dev/null 2>&1 || need_lean+=(libreoffice-calc)
command -v tesseract >/dev/null 2>&1 || need_lean+=(tesseract-ocr)
[ -f /usr/share/tesseract-ocr/5/tessdata/chi_sim.traineddata ] || need_lean+=(tesseract-ocr-chi-sim)
if [ $((${#need_apt[@]} + ${#need_lean[@]})) -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "== 安装系统组件：${need_apt[*]} ${need_lean[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null || true
    [ ${#need_apt[@]} -eq 0 ] || apt-get install -y -qq "${need_apt[@]}" >/dev/null
    [ ${#need_lean[@]} -eq 0 ] || apt-get install -y -qq --no-install-recommends "${need_lean[@]}" >/dev/null
  else
    echo "缺少系统组件：${need_apt[*]} ${need_lean[*]}（请以 root 运行或手工安装）" >&2
  fi
fi

PYTHON=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  echo "== 创建虚拟环境 .venv"
  "$PYTHON" -m venv .venv
fi
.venv/bin/python -m pip install -q --upgrade pip >/dev/null 2>&1 || true
echo "== 安装 jixiao 及其依赖"
.venv/bin/python -m pip install -q -e '.[web,dev]' 2>&1 | grep -v -E '^(WARNING|  )' || true
.venv/bin/python -c "import jixiao, django, playwright" 
echo "== 安装完成"
