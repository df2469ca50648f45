import { chromium } from '@playwright/test';
import { spawn } from 'child_process';
import fs from 'fs';
const srv = spawn('python3', ['-m','http.server','8094','--bind','127.0.0.1','--directory','/work/main/dist'], {stdio:'ignore'});
await new Promise(r=>setTimeout(r,800));
const browser = await chromium.launch({executablePath:'/usr/bin/chromium', args:['--no-sandbox','--disable-gpu']});
const ctx = await browser.newContext();
const page = await ctx.newPage();
page.on('console', m => { if (m.type()==='error' || m.type()==='warning') console.log('console:', m.text()); });
page.on('pageerror', e => console.log('pageerror', e.message));
// seed a layout-1 store
await page.goto('http://127.0.0.1:8094/');
await page.evaluate((fx)=>{ localStorage.clear(); for (const [k,v] of Object.entries(fx)) localStorage.setItem(k,v); }, JSON.parse(fs.readFileSync('/work/main/core/tests/fixtures/store-v1.json','utf8')));
await page.reload();
await page.waitForSelector('article.article');
console.log('tags', await page.locator('.tag').evaluateAll(els=>els.map(e=>e.getAttribute('aria-label'))));
console.log('ls keys', await page.evaluate(()=>Object.keys(localStorage)));
const files = [
 {name:'a.txt', mimeType:'text/plain', buffer:Buffer.from('A plain title\n\nFirst paragraph of a plain text file about Karachi.\r\n\r\nSecond one.')},
 {name:'b.md', mimeType:'text/markdown', buffer:Buffer.from('# Markdown title\n\nSome *emphasis* and a [link](http://x).\n\n## Section\n\n- item one\n- item two\n')},
 {name:'c.jsonl', mimeType:'application/json', buffer:Buffer.from('{"text":"Lavrov met Qureshi.","label":[[0,6,"PERSON"],[11,18,"PERSON"]]}\n{"text":"Bad","label":[[0,9,"X"]]}\n')},
 {name:'d.html', mimeType:'text/html', buffer:Buffer.from('<html><head><title>Page | Site</title><script>alert(1)</script></head><body><nav>Home News</nav><article><h1>Html headline</h1><p>Body &amp; soul.</p><h2>Sub</h2><p>More text here.</p></article><footer>(c) Site</footer></body></html>')},
 {name:'e.txt', mimeType:'text/plain', buffer:Buffer.from('A plain title\n\nFirst paragraph of a plain text file about Karachi.\n\nSecond one.')},
];
await page.setInputFiles('[data-testid=import-input]', files);
await page.waitForSelector('.import-report', {timeout: 10000});
console.log(await page.locator('.import-report').innerText());
await page.screenshot({path:'/tmp/smoke/report.png'});
await page.getByRole('button',{name:'Close'}).click();
console.log(await page.locator('.doc-list').innerText());
await page.screenshot({path:'/tmp/smoke/docs.png'});
await page.waitForTimeout(500);
console.log('idb', await page.evaluate(async()=>{ return await new Promise(res=>{ const r=indexedDB.open('postil'); r.onsuccess=()=>{ const tx=r.result.transaction('texts'); const q=tx.objectStore('texts').getAllKeys(); q.onsuccess=()=>res(q.result);}; r.onerror=()=>res('err'); }); }));
await page.reload();
await page.waitForSelector('article.article');
await page.getByRole('tab',{name:'Documents'}).click();
console.log('after reload', await page.locator('.doc-list').innerText());
// delete one
await page.locator('.doc-delete').nth(1).click();
await page.screenshot({path:'/tmp/smoke/delete.png'});
await page.getByRole('button',{name:'Delete', exact:true}).click();
console.log('after delete', (await page.locator('.doc-list').innerText()).split('\n').length);
await page.keyboard.press('Control+z');
console.log('after undo', (await page.locator('.doc-list').innerText()).split('\n').length, await page.locator('.notice').allInnerTexts());
await page.getByRole('button',{name:'Paste…'}).click();
await page.locator('.paste-dialog input').fill('Pasted title');
await page.locator('.paste-dialog textarea').fill('Pasted body text about Moscow.');
await page.getByRole('button',{name:'Add article'}).click();
await page.screenshot({path:'/tmp/smoke/pasted.png'});
console.log(await page.locator('.notice').allInnerTexts());
await browser.close(); srv.kill();
