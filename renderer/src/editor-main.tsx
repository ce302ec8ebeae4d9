document.getElementById('root')!.textContent = 'WOPI Desk (editor)'
