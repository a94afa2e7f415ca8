"""The four chapters ConvLab teaches, by the titles students read (the file numbers are ours)."""

from __future__ import annotations

# Each chapter's own title, as its first heading or front matter gives it.
NETWORKS = "“Convolutional Networks”"  # 000: stride, padding, dilation, pooling, backprop, review questions
CHAPTER_SIX = "“6. Convolutional Neural Networks”"  # 001: 32x32x3 example, LeNet-5, skip connections
COURSE_NOTES = "the course notes “§ 5. Convolutional Neural Networks”"  # 002: B, C_in, C_out; weight sharing
CS231N = "the CS231n notes “Convolutional Neural Networks”"  # 003: volumes, (W − F + 2P)/S + 1, AlexNet

CHAPTERS = (NETWORKS, CHAPTER_SIX, COURSE_NOTES, CS231N)
