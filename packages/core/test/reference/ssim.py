"""Float64 numpy reference for test/image-quality.test.ts: SSIM of Wang et al. 2004 (valid 11x11 Gaussian, sigma 1.5).
Run: python3 test/reference/ssim.py"""
import numpy as np
def gauss(size, sigma):
    h=(size-1)/2; y,x=np.mgrid[0:size,0:size]
    w=np.exp(-((x-h)**2+(y-h)**2)/(2*sigma**2)); return w/w.sum()
def filt(img,w):
    k=w.shape[0]; H,W=img.shape; out=np.zeros((H-k+1,W-k+1))
    for i in range(H-k+1):
        for j in range(W-k+1): out[i,j]=(img[i:i+k,j:j+k]*w).sum()
    return out
def ssim(a,b,L=1.0):
    w=gauss(11,1.5); C1=(0.01*L)**2; C2=(0.03*L)**2
    vals=[]
    for c in range(a.shape[2]):
        x=a[:,:,c].astype(np.float64); y=b[:,:,c].astype(np.float64)
        mx=filt(x,w); my=filt(y,w)
        sxx=filt(x*x,w)-mx*mx; syy=filt(y*y,w)-my*my; sxy=filt(x*y,w)-mx*my
        m=((2*mx*my+C1)*(2*sxy+C2))/((mx*mx+my*my+C1)*(sxx+syy+C2))
        vals.append(m)
    return np.mean(vals)
# deterministic inputs: 16x16x2, a(i,j,c) = ((i*7 + j*3 + c*5) % 17)/16, b = a with a pattern
H=W=16
a=np.zeros((H,W,2)); b=np.zeros((H,W,2))
for i in range(H):
  for j in range(W):
    for c in range(2):
      a[i,j,c]=((i*7+j*3+c*5)%17)/16
      b[i,j,c]=0.8*a[i,j,c]+0.1*(((i*j+c)%5)/4)
print(repr(ssim(a,b)))
# image 2: b2 = a smoothed-ish: a**2
print(repr(ssim(a,a**2)))
