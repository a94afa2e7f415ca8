"""The Network page's prose."""

INTRO = (
    "A trained **LeNet-5** reads one handwritten digit. Each column is one layer's output, from the "
    "32x32 input to the ten class scores: C1's six maps, pooled by S2, C3's sixteen, pooled by S4, "
    "C5's 120 units, F6's 84 and the ten logits, whose softmax gives the probabilities. Brown is "
    "negative, teal positive, each layer on its own scale. **Click any activation** to see how it "
    "was computed from the layer below, with this digit's real numbers."
)
DRAWN_NOT_IN_LINK = (
    "Draw a digit with the mouse or a finger. It is centred and scaled as MNIST's digits are, and "
    "shown below as the network sees it. A drawn digit is not part of the page's link."
)
TRAINING_INTRO = (
    "Train a network from a seeded start on the 4,000 training digits, a few steps (batches of 32, "
    "SGD with momentum) per click, or an epoch (every training digit once) with a progress bar. "
    "The curves show the loss and the held-out accuracy, and each "
    "layer's gradient norm at every step: compare tanh with ReLU, and the deep plain stack, whose "
    "early layers barely move, with the same stack with skip connections."
)
TRAINING_BUSY = (
    "Two trainings are already running on this server, the most it runs at once. Try again in a few seconds."
)
EPOCH_PAUSED = (
    "The epoch is paused: two trainings are already running on this server, the most it runs at "
    "once. Continue it in a few seconds."
)
