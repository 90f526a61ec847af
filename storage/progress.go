package storage

// progress reports long operations to Options.Progress. Work is counted in
// units the operation chooses (bytes copied, rows written); total is fixed
// up front so a progress bar never runs backwards.
type progress struct {
	fn          func(done, total int64)
	done, total int64
	stepSize    int64 // what one step() adds
	next        int64 // report again when done reaches this
}

func newProgress(fn func(done, total int64), total int64) *progress {
	return &progress{fn: fn, total: max(total, 1)}
}

// add counts n units, reporting at most about 200 times per operation.
func (p *progress) add(n int64) {
	if p == nil || p.fn == nil {
		return
	}
	p.done = min(p.done+n, p.total)
	if p.done >= p.next || p.done == p.total {
		p.next = p.done + p.total/200
		p.fn(p.done, p.total)
	}
}

// step adds one stepSize; phases without a natural unit use it.
func (p *progress) step() {
	if p != nil {
		p.add(p.stepSize)
	}
}

// finish reports completion.
func (p *progress) finish() {
	if p != nil && p.fn != nil && p.done < p.total {
		p.done = p.total
		p.fn(p.done, p.total)
	}
}

// setStep sets what one step() adds.
func (p *progress) setStep(n int64) {
	if p != nil {
		p.stepSize = n
	}
}
