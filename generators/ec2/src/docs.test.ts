import { describe, expect, it } from 'vitest';
import { docMarkdown } from './docs.js';

describe('docMarkdown', () => {
  it.each([
    ['', ''],
    ['<p>One.</p> <p>Two.</p>', 'One.\n\nTwo.'],
    [
      '<p>Call <a>DescribeInstances</a> with <code>running</code>.</p>',
      'Call `DescribeInstances` with `running`.',
    ],
    [
      '<p>See <a href="http://x/y.html">the  guide</a> in <i>EC2</i>.</p>',
      'See [the guide](http://x/y.html) in _EC2_.',
    ],
    [
      '<p>Filters:</p> <ul> <li> <p><code>a</code> - A.</p> </li> <li> <p>B</p> </li> </ul>',
      'Filters:\n\n- `a` - A.\n- B',
    ],
    ['<ul><li>a<ul><li>b</li></ul></li><li>c</li></ul>', '- a\n  - b\n- c'],
    ['<note> <p>Careful.</p> </note> <p>Next.</p>', 'Note:\n\nCareful.\n\nNext.'],
    ['<important><p>Read.</p></important>', 'Important:\n\nRead.'],
    ['a<br/>b', 'a\nb'],
    ['<p>x &amp; y &lt;z&gt; &#65;&#x42;</p>', 'x & y <z> AB'],
    ['<p><code></code>empty <b>bold </b>text</p>', 'empty **bold** text'],
    ['<fullname>Amazon</fullname> <p>Text</p>', 'Amazon\n\nText'],
  ])('%j → %j', (html, markdown) => {
    expect(docMarkdown(html)).toBe(markdown);
  });
});
